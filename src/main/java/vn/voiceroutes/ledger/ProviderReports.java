package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.model.CallOutcome;
import vn.voiceroutes.model.CallStatus;

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

    /** optOutKey: the IVR key that means "stop calling me" (voice.compliance.opt-out-ivr-key), or null for none. */
    public ProviderReports(LedgerDatabase db, String optOutKey) {
        this.db = db;
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
        CallOutcome outcome = reported.outcome();
        String referenceId = reported.referenceId();
        String phone = reported.phone();
        String provider = reported.provider();
        String ourId = reported.ourId();
        Map<String, String> report = reported.fields();
        return db.inTransaction(connection -> {
            Optional<String> requestId = findCall(connection, ourId, referenceId, phone);
            if (requestId.isEmpty() && reported.unconfirmedChannel() != null && phone != null) {
                requestId = unconfirmedCall(connection, phone, reported.unconfirmedChannel());
            }
            String dedupeKey = dedupeKey(reported.kind(), report);
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into call_event (request_id, provider, kind, provider_ref, status, dedupe_key, payload)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing""")) {
                insert.setString(1, requestId.orElse(null));
                insert.setString(2, provider);
                insert.setString(3, reported.kind());
                insert.setString(4, referenceId);
                insert.setString(5, outcome.status().name());
                insert.setString(6, dedupeKey);
                insert.setString(7, reported.rawPayload());
                if (insert.executeUpdate() == 0) {
                    return ReportResult.DUPLICATE;
                }
            }
            if (requestId.isEmpty()) {
                LOG.warn("{} report for unknown call (reference {}, rid {}) kept as an orphan event", provider, referenceId, ourId);
                return ReportResult.ORPHAN;
            }
            String id = requestId.get();
            if (outcome.isNone()) {
                return ReportResult.PROGRESS;
            }
            CallStatus current = LedgerDatabase.lockStatus(connection, id);
            if (current.isFinal()) {
                return ReportResult.IGNORED_LATE;
            }
            CallStatus next = outcome.status();
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set status = ?, provider_ref = coalesce(provider_ref, ?),
                                            duration_seconds = coalesce(?, duration_seconds), price = coalesce(?, price),
                                            ivr = coalesce(?, ivr), reason = coalesce(?, reason),
                                            submitted_at = coalesce(submitted_at, now()),
                                            finished_at = case when ? then now() else finished_at end,
                                            claimed_by = null, claimed_until = null, updated_at = now()
                     where request_id = ?""")) {
                update.setString(1, next.name());
                update.setString(2, referenceId);
                update.setObject(3, outcome.durationSeconds(), Types.INTEGER);
                update.setBigDecimal(4, outcome.price());
                update.setString(5, outcome.ivr());
                update.setString(6, next.isFinal() ? outcome.reason() : null);
                update.setBoolean(7, next.isFinal());
                update.setString(8, id);
                update.executeUpdate();
            }
            if (optOutKey != null && pressed(outcome.ivr(), optOutKey)) {
                optOut(connection, id, reported);
            }
            if (next.isFinal()) {
                LedgerDatabase.queueResult(connection, id);
                return ReportResult.FINAL;
            }
            return ReportResult.PROGRESS;
        });
    }

    private static Optional<String> findCall(Connection connection, String ourId, String referenceId, String phone) throws SQLException {
        if (ourId != null) {
            try (PreparedStatement select = connection.prepareStatement("select request_id from call_request where request_id = ?")) {
                select.setString(1, ourId);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(rows.getString(1));
                    }
                }
            }
        }
        if (referenceId != null) {
            try (PreparedStatement select = connection.prepareStatement(phone == null
                    ? "select request_id from call_request where provider_ref = ?"
                    : "select request_id from call_request where provider_ref = ? and phone = ? order by created_at limit 1")) {
                select.setString(1, referenceId);
                if (phone != null) {
                    select.setString(2, phone);
                }
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(rows.getString(1));
                    }
                }
            }
        }
        return Optional.empty();
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

    /** The subscriber pressed the opt-out key: their number joins the opt-outs at once, this call as the evidence. */
    private void optOut(Connection connection, String requestId, ProviderReport reported) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select phone from call_request where request_id = ?")) {
            select.setString(1, requestId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next() && SuppressionList.optOut(connection, rows.getString(1), "IVR key " + optOutKey, requestId,
                        reported.provider() + " " + reported.kind() + " of call " + requestId)) {
                    LOG.info("{} opted out by pressing {} in call {}: no more advertising calls to it", rows.getString(1), optOutKey, requestId);
                }
            }
        }
    }

    /** Whether the keys a report says were pressed ("9", VBot's DTMF log "1,9") include this one. */
    static boolean pressed(String keys, String key) {
        return keys != null && java.util.Arrays.asList(keys.strip().split("[^0-9A-Za-z*#]+")).contains(key);
    }
}
