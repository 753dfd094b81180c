package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.model.CallOutcome;

/**
 * What providers report of calls (callbacks, webhooks, status polls), stored as events and moving calls forward,
 * whatever the provider: each provider's reader has already mapped its report to a {@link CallOutcome}.
 */
public class ProviderReports {

    /** What a provider report did to the ledger. */
    public enum ReportResult { FINAL, PROGRESS, DUPLICATE, ORPHAN, IGNORED_LATE }

    /**
     * One report as a provider's reader gives it: the provider and the kind of report, its outcome, the call it names
     * (our RequestId, or the provider's reference, and the phone where one reference covers many calls, as a VBot
     * campaign's does), its fields (a resend with the same fields is the same report) and the raw payload kept with
     * the event. unconfirmedChannel: where the named call is unknown, the channel whose newest call to the phone sent
     * without a recorded reference it belongs to (a node stopped before the provider's answer was recorded), or null.
     */
    public record ProviderReport(String provider, String kind, CallOutcome outcome, String ourId, String referenceId,
            String phone, Map<String, String> fields, String rawPayload, String unconfirmedChannel) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderReports.class);

    private final LedgerDatabase db;
    private final String optOutKey;
    private final Map<String, java.util.List<String>> channelsByProvider;
    private final KnownCallReports knownCallReports;

    /**
     * optOutKey: the IVR key that means "stop calling me" (voice.compliance.opt-out-ivr-key), or null for none.
     * channelsByProvider: each provider's channels (the channel catalog): a provider's report may speak of those calls only.
     */
    public ProviderReports(LedgerDatabase db, String optOutKey, Map<String, java.util.List<String>> channelsByProvider) {
        this.db = db;
        this.channelsByProvider = Map.copyOf(channelsByProvider);
        this.knownCallReports = new KnownCallReports(db, this.channelsByProvider);
        this.optOutKey = optOutKey == null || optOutKey.isBlank() ? null : optOutKey.strip();
    }

    /** The newest call of this channel to this phone still waiting for its outcome (a report that names no call), or null. */
    public String newestSubmittedCall(String phone, String channel) {
        return db.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select request_id from call_request where phone = ? and channel = ? and status = 'SUBMITTED'
                     order by submitted_at desc limit 1""")) {
                select.setString(1, phone);
                select.setString(2, channel);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    /**
     * Stores a provider's report: the event first (a resend with the same values changes nothing), then the call's
     * status, only forward. The call is found by our RequestId, else by the provider's reference (and the phone,
     * where one reference covers many calls, as a VBot campaign does).
     */
    public ReportResult record(ProviderReport reported) {
        if (reported.ourId() != null) {
            ReportResult result = recordFor(reported.ourId(), reported);
            if (result != null) {
                return result;
            }
        }
        // not by our RequestId: by the provider's reference (and the phone), else as the newest unconfirmed call
        Optional<String> requestId = db.inTransaction(connection -> {
            Optional<String> found = findCall(connection, reported.referenceId(), reported.phone(),
                    channelsByProvider.getOrDefault(reported.provider(), java.util.List.of()));
            if (found.isEmpty() && reported.unconfirmedChannel() != null && reported.phone() != null) {
                found = unconfirmedCall(connection, reported.phone(), reported.unconfirmedChannel());
            }
            return found;
        });
        if (requestId.isPresent()) {
            ReportResult result = recordFor(requestId.get(), reported);
            if (result != null) {
                return result;
            }
        }
        return db.autocommit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into call_event (request_id, provider, kind, provider_ref, status, dedupe_key, payload)
                    values (null, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing""")) {
                insert.setString(1, reported.provider());
                insert.setString(2, reported.kind());
                insert.setString(3, reported.referenceId());
                insert.setString(4, reported.outcome().status().name());
                insert.setString(5, dedupeKey(reported.kind(), reported.fields()));
                insert.setString(6, reported.rawPayload());
                if (insert.executeUpdate() == 0) {
                    return ReportResult.DUPLICATE;
                }
            }
            LOG.warn("{} report for unknown call (reference {}, rid {}) kept as an orphan event", reported.provider(),
                    reported.referenceId(), reported.ourId());
            return ReportResult.ORPHAN;
        });
    }

    /** The call of one of these channels the provider's reference names (with the phone, where it covers many calls). */
    private static Optional<String> findCall(Connection connection, String referenceId, String phone, java.util.List<String> channels)
            throws SQLException {
        if (referenceId == null) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement(phone == null
                ? "select request_id from call_request where provider_ref = ? and channel = any(?)"
                : "select request_id from call_request where provider_ref = ? and channel = any(?) and phone = ? order by created_at limit 1")) {
            select.setString(1, referenceId);
            select.setArray(2, connection.createArrayOf("varchar", channels.toArray()));
            if (phone != null) {
                select.setString(3, phone);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The newest call of this channel to this phone sent by a node that stopped before the provider's answer (its
     * reference) was recorded.
     */
    private static Optional<String> unconfirmedCall(Connection connection, String phone, String channel) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select request_id from call_request
                 where phone = ? and channel = ? and status = 'SUBMITTED' and provider_ref is null
                 order by submitted_at desc limit 1""")) {
            select.setString(1, phone);
            select.setString(2, channel);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Same kind and same reported values = the same report resent. */
    static String dedupeKey(String kind, Map<String, String> report) {
        StringBuilder canonical = new StringBuilder(kind);
        new TreeMap<>(report).forEach((key, value) -> canonical.append('\n').append(key).append('=').append(value));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A report of the call with this RequestId (named by the report, as eSMS's callbacks do in our CallbackUrl, or
     * found by the provider's reference), committed before the 200 is answered, in a group with the reports of other
     * calls that came meanwhile. The call's row is locked, so resends and a status poll of the same call wait for each
     * other. Null when no call has this RequestId.
     */
    private ReportResult recordFor(String callId, ProviderReport reported) {
        CallOutcome outcome = reported.outcome();
        KnownCallReports.Stored stored = knownCallReports.store(callId, reported, dedupeKey(reported.kind(), reported.fields()));
        if (stored.requestId() == null) {
            return null;
        }
        if (!stored.newEvent()) {
            return ReportResult.DUPLICATE;
        }
        if (outcome.isNone()) {
            return ReportResult.PROGRESS;
        }
        if (!stored.moved()) {
            return ReportResult.IGNORED_LATE;
        }
        if (optOutKey != null && SuppressionList.pressed(outcome.ivr(), optOutKey)) {
            db.inTransaction(own -> SuppressionList.optOutByKey(own, stored.phone(), optOutKey, stored.requestId(),
                    reported.provider() + " " + reported.kind()));
        }
        return outcome.status().isFinal() ? ReportResult.FINAL : ReportResult.PROGRESS;
    }

}
