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
        if (reported.ourId() != null) {
            ReportResult result = recordFor(reported.ourId(), reported);
            if (result != null) {
                return result;
            }
        }
        // not by our RequestId: by the provider's reference (and the phone), else as the newest unconfirmed call
        Optional<String> requestId = db.inTransaction(connection -> {
            Optional<String> found = findCall(connection, null, reported.referenceId(), reported.phone());
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

    /** The final statuses as an SQL list, written once: a callback's statement binds no array. */
    private static final String FINAL_STATUSES = CallStatus.FINAL.stream().map(status -> "'" + status.name() + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    /** A report of a known call, stored in one statement (recordFor). */
    private static final String RECORD_FOR = """
        with call as (
            select request_id, status, phone from call_request where request_id = ? for update
        ), event as (
            insert into call_event (request_id, provider, kind, provider_ref, status, dedupe_key, payload)
            select request_id, ?, ?, ?, ?, ?, ? from call
            on conflict (dedupe_key) do nothing
            returning 1
        ), moved as (
            update call_request c set status = ?, provider_ref = coalesce(c.provider_ref, ?),
                                      duration_seconds = coalesce(?, c.duration_seconds), price = coalesce(?, c.price),
                                      ivr = coalesce(?, c.ivr), reason = coalesce(?, c.reason),
                                      submitted_at = coalesce(c.submitted_at, now()),
                                      finished_at = case when ? then now() else c.finished_at end,
                                      claimed_by = null, claimed_until = null, updated_at = now()
              from call
             where c.request_id = call.request_id and ? and exists (select 1 from event)
               and call.status not in (FINAL_STATUSES)
            returning c.request_id
        ), queued as (
            insert into result_outbox (request_id) select request_id from moved where ?
            on conflict (request_id) do nothing
        )
        select (select request_id from call), (select phone from call), (select count(*) from event),
               (select count(*) from moved)""".replace("FINAL_STATUSES", FINAL_STATUSES);

    /**
     * A report of the call with this RequestId (named by the report, as eSMS's callbacks do in our CallbackUrl, or
     * found by the provider's reference): stored in one statement, one round trip, committed before the 200 is answered. The call's row is locked, so resends and a status poll of the
     * same call wait for each other; the event is stored first (a resend is recognised by its key), the status moves
     * forward only, and a final outcome queues its result, all or nothing. Null when no call has this RequestId.
     */
    private ReportResult recordFor(String callId, ProviderReport reported) {
        CallOutcome outcome = reported.outcome();
        boolean hasOutcome = !outcome.isNone();
        CallStatus next = outcome.status();
        return db.autocommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD_FOR)) {
                int i = 1;
                statement.setString(i++, callId);
                statement.setString(i++, reported.provider());
                statement.setString(i++, reported.kind());
                statement.setString(i++, reported.referenceId());
                statement.setString(i++, next.name());
                statement.setString(i++, dedupeKey(reported.kind(), reported.fields()));
                statement.setString(i++, reported.rawPayload());
                statement.setString(i++, next.name());
                statement.setString(i++, reported.referenceId());
                statement.setObject(i++, outcome.durationSeconds(), Types.INTEGER);
                statement.setBigDecimal(i++, outcome.price());
                statement.setString(i++, outcome.ivr());
                statement.setString(i++, next.isFinal() ? outcome.reason() : null);
                statement.setBoolean(i++, next.isFinal());
                statement.setBoolean(i++, hasOutcome);
                statement.setBoolean(i++, next.isFinal());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    String requestId = row.getString(1);
                    if (requestId == null) {
                        return null;
                    }
                    if (row.getLong(3) == 0) {
                        return ReportResult.DUPLICATE;
                    }
                    if (!hasOutcome) {
                        return ReportResult.PROGRESS;
                    }
                    if (row.getLong(4) == 0) {
                        return ReportResult.IGNORED_LATE;
                    }
                    if (optOutKey != null && SuppressionList.pressed(outcome.ivr(), optOutKey)) {
                        String phone = row.getString(2);
                        db.inTransaction(own -> SuppressionList.optOutByKey(own, phone, optOutKey, requestId, reported.provider() + " " + reported.kind()));
                    }
                    return next.isFinal() ? ReportResult.FINAL : ReportResult.PROGRESS;
                }
            }
        });
    }

}
