package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * The calls waiting to be sent one by one (eSMS): registered by intake, claimed by the provider's dispatcher, and the
 * provider's answer to each recorded. The ledger is the queue: nothing of it is kept in memory.
 */
public class CallQueue {

    /** What intake did with one request, for the file's summary. */
    /** REFUSED: registered, and REJECTED at once by a calling rule (its outcome is published like any other). */
    public enum DispatchOutcome { REGISTERED, ALREADY_HANDLED, INVALID, REFUSED }

    /** A call to register, with the reference its provider will report it by when known before it goes out. */
    public record Registration(CallRequest request, String providerRef) {
    }

    /** What registering one call did: REGISTERED or ALREADY_HANDLED, or refused (the same call twice, a RequestId of another call). */
    public record Registered(DispatchOutcome outcome, InvalidRecordException refusal) {
    }

    /**
     * A provider's answer to a call request: accepted (or already had it) with the reference it will report the call
     * by, or rejected for good with its code and reason.
     */
    public record SendAnswer(boolean rejected, String reference, String code, String reason) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final LedgerDatabase db;
    private final CallingRules rules;

    public CallQueue(LedgerDatabase db, CallingRules rules) {
        this.db = db;
        this.rules = rules;
    }

    /** The calls a dispatcher may claim now, oldest first; reads the partial index call_request_dispatch_due. */
    static final String DISPATCH_DUE = """
            select r.request_id from call_request r
             where r.status = 'QUEUED' and r.dead_lettered_at is null and r.channel = any(?) and r.request_json is not null
               and """ + Claims.free("r") + """
               and (r.next_attempt_at is null or r.next_attempt_at <= now())
               and """ + Campaigns.NOT_PAUSED + " and " + DueTimes.NOT_EXPIRED + """
             order by r.created_at limit ? for update skip locked""";

    /**
     * Claims up to {@code limit} QUEUED calls of these channels (comma-separated) that are due: not claimed by a live
     * node, not waiting out a backoff, not dead-lettered; oldest first. A node restarted after a crash takes back at
     * once what it claimed before it started; another node's calls are taken once its claim has run out (it died, or
     * could not record the answer): sent again with the same RequestId, which eSMS refuses as a repeat (124) if it had
     * the call. Several nodes claim side by side (FOR UPDATE SKIP LOCKED).
     */
    public List<CallRequest> claimCalls(String channels, int limit) {
        return db.inTransaction(connection -> {
            // calls HELD until a time that has come are QUEUED again, a batch at a time
            DueTimes.releaseDue(connection, channels.split("\\s*,\\s*"), limit);
            record Claimed(java.time.OffsetDateTime created, long record, CallRequest request) {
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement claim = Sql.prepared(connection, """
                    update call_request c set TAKE, attempts = attempts + 1, updated_at = now()
                     where c.request_id in (DISPATCH_DUE)
                    returning c.request_json, c.created_at, c.source_record, c.attempt"""
                    .replace("TAKE", Claims.TAKE).replace("DISPATCH_DUE", DISPATCH_DUE),
                    Claims.takeFor(db, db.claimLease()), Sql.texts(connection, List.of(channels.split("\\s*,\\s*"))),
                    Claims.freeFor(db, db.claimLease(), connection), limit)) {
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        CallRequest request = JSON.readValue(rows.getString(1), CallRequest.class);
                        // which attempt goes out now (a redial's RequestId is the call's with ~<attempt>)
                        request.setAttempt(rows.getInt(4));
                        claimed.add(new Claimed(rows.getObject(2, java.time.OffsetDateTime.class), rows.getLong(3), request));
                    }
                }
            } catch (java.io.IOException e) {
                throw new SQLException("A queued request cannot be read back", e);
            }
            // in the order they came (a file's rows in file order): RETURNING keeps none
            claimed.sort(java.util.Comparator.comparing(Claimed::created).thenComparingLong(Claimed::record));
            return rules.withdrawListed(connection, Campaigns.withdrawStopped(connection, claimed.stream().map(Claimed::request).toList()));
        });
    }

    /**
     * Inserts a call QUEUED, or HELD until it is due (its sendDate, the calling window's opening), the first time
     * only (one row inserted: the first time). An advertising call takes its place under the cap when it is placed.
     */
    private static final String REGISTER = """
            insert into call_request (request_id, channel, phone, status, source_type, source_name, source_line,
                                      source_message_id, batch_id, request_json, provider_ref, content_key, source_record,
                                      purpose, cap_at, campaign_id, next_attempt_at, not_after, max_attempts,
                                      redial_statuses, redial_delay_ms)
            select ?, ?, ?, case when due > now() then 'HELD' else 'QUEUED' end, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                   case when ? = 'advertising' then greatest(now(), due) end, ?, due, ?::timestamptz, ?, ?, ?
              from (select ?::timestamptz as due) d
            on conflict (request_id) do nothing""";

    private static void bindRegistration(PreparedStatement insert, CallRequest request, String requestJson, String providerRef)
            throws SQLException {
        CallRequest.Source source = request.getSource();
        insert.setString(1, request.getRequestId());
        insert.setString(2, request.getChannel());
        insert.setString(3, request.getPhone());
        insert.setString(4, source == null ? "api" : source.type());
        insert.setString(5, source == null ? null : source.type().equals("file") ? source.file() : source.queue());
        insert.setObject(6, source == null ? null : source.line(), Types.BIGINT);
        insert.setString(7, source == null ? null : source.messageId());
        insert.setString(8, source == null ? null : source.batchId());
        insert.setString(9, requestJson);
        insert.setString(10, providerRef);
        insert.setString(11, request.getContentKey());
        insert.setObject(12, source == null ? null : source.record(), Types.BIGINT);
        insert.setString(13, request.getPurpose());
        insert.setString(14, request.getPurpose());
        insert.setString(15, request.getCampaign() == null ? null : request.getCampaign().id());
        insert.setString(16, request.getNotAfter());
        CallRequest.Redial redial = request.getRedial();
        insert.setObject(17, redial == null ? null : redial.maxAttempts(), Types.INTEGER);
        insert.setString(18, redial == null ? null : String.join(",", redial.statuses()));
        insert.setObject(19, redial == null ? null : redial.delayMs(), Types.BIGINT);
        insert.setString(20, request.getDueAt());
    }

    /**
     * A request came with a RequestId the ledger already holds. The same call again (a redelivered message, a file
     * read again after a restart, a re-drop) is simply already handled. Two different calls under one RequestId, or
     * one call twice in the same file, are refused with the reason: the second must never vanish without a trace.
     */
    private static void checkSameCall(Connection connection, CallRequest request) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select content_key, batch_id, source_record, source_type, source_name, source_line, source_message_id
                  from call_request where request_id = ?""")) {
            select.setString(1, request.getRequestId());
            try (ResultSet known = select.executeQuery()) {
                if (!known.next()) {
                    return;
                }
                String contentKey = known.getString(1);
                String where = switch (String.valueOf(known.getString(4))) {
                    case "file" -> "file " + known.getString(5) + " line " + known.getLong(6);
                    case "queue" -> known.getString(5) + " message " + known.getString(7);
                    default -> "an earlier request";
                };
                if (contentKey != null && request.getContentKey() != null && !contentKey.equals(request.getContentKey())) {
                    throw new InvalidRecordException("requestId", "'" + request.getRequestId()
                            + "' is already the RequestId of another call (" + where + ") with other values: this one is not called");
                }
                CallRequest.Source source = request.getSource();
                Long record = (Long) known.getObject(3);
                if (source != null && source.batchId() != null && source.batchId().equals(known.getString(2))
                        && record != null && !record.equals(source.record())) {
                    throw new InvalidRecordException("record", "is the same call as record " + record
                            + " (line " + known.getLong(6) + ") of this file, RequestId " + request.getRequestId() + ": it is placed once");
                }
            }
        }
    }

    /**
     * Registers a call, QUEUED, with its request and the reference its provider will report it by when the transport
     * knows it already: the provider's dispatcher sends it (claimCalls, CampaignLedger.claimCampaigns). REGISTERED
     * the first time, ALREADY_HANDLED for a redelivered or re-dropped record; a refusal is thrown.
     */
    public DispatchOutcome register(CallRequest request, String providerRef) {
        Registered registered = registerAll(List.of(new Registration(request, providerRef))).get(0);
        if (registered.refusal() != null) {
            throw registered.refusal();
        }
        return registered.outcome();
    }

    /**
     * Registers calls in one transaction, in their order (a file's chunk of rows: one round trip for the inserts),
     * as {@link #register} does one; the results in the same order. A refused call does not stop the others.
     */
    public List<Registered> registerAll(List<Registration> registrations) {
        List<String> json = new ArrayList<>(registrations.size());
        for (Registration registration : registrations) {
            try {
                json.add(JSON.writeValueAsString(registration.request()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return db.inTransaction(connection -> {
            int[] inserted;
            try (PreparedStatement insert = connection.prepareStatement(REGISTER)) {
                for (int i = 0; i < registrations.size(); i++) {
                    bindRegistration(insert, registrations.get(i).request(), json.get(i), registrations.get(i).providerRef());
                    insert.addBatch();
                }
                inserted = insert.executeBatch();
            }
            List<CallRequest> registered = new ArrayList<>();
            for (int i = 0; i < registrations.size(); i++) {
                if (inserted[i] == 1) {
                    registered.add(registrations.get(i).request());
                }
            }
            // a row of a stopped campaign's file ends CANCELLED as it is registered: no rule to apply to it
            java.util.Set<String> cancelled = Campaigns.join(connection, registered);
            Map<String, CallingRules.Refusal> refusals = rules.apply(connection,
                    registered.stream().filter(call -> !cancelled.contains(call.getRequestId())).toList());
            List<Registered> results = new ArrayList<>(registrations.size());
            for (int i = 0; i < registrations.size(); i++) {
                CallRequest request = registrations.get(i).request();
                if (inserted[i] == 1) {
                    CallingRules.Refusal refusal = refusals.get(request.getRequestId());
                    results.add(refusal == null || refusal.heldUntil() != null ? new Registered(DispatchOutcome.REGISTERED, null)
                            : new Registered(null, new vn.voiceroutes.model.CallRefusedException("phone", refusal.reason() + ": "
                                    + request.getPhone() + " " + refusal.explanation())));
                    continue;
                }
                try {
                    checkSameCall(connection, request);
                } catch (InvalidRecordException refused) {
                    results.add(new Registered(null, refused));
                    continue;
                }
                // a call registered without its request (by a version that placed eSMS calls from intake, then
                // stopped before placing it): it has one now, so its dispatcher can send it
                try (PreparedStatement complete = connection.prepareStatement(
                        "update call_request set request_json = ? where request_id = ? and request_json is null")) {
                    complete.setString(1, json.get(i));
                    complete.setString(2, request.getRequestId());
                    complete.executeUpdate();
                }
                // the same call dropped again after it was dead-lettered: it is sent again
                try (PreparedStatement revive = connection.prepareStatement("""
                        update call_request set dead_lettered_at = null, send_failures = 0, next_attempt_at = null,
                                                updated_at = now()
                         where request_id = ? and dead_lettered_at is not null and status in ('QUEUED', 'HELD')""")) {
                    revive.setString(1, request.getRequestId());
                    results.add(new Registered(revive.executeUpdate() == 1 ? DispatchOutcome.REGISTERED : DispatchOutcome.ALREADY_HANDLED, null));
                }
            }
            return results;
        });
    }

    /** Records a provider's answer to a call request; a rejection is a final outcome and queues its result. */
    public void recordAnswer(CallRequest request, SendAnswer answer) {
        String requestId = request.getRequestId();
        // one statement, committed on its own: one round trip per answer
        db.autocommit(connection -> {
            if (answer.rejected()) {
                try (PreparedStatement update = connection.prepareStatement("""
                        with rejected as (
                            update call_request set status = 'REJECTED', provider_code = ?, reason = ?, ENDED
                             where request_id = ? and status = 'QUEUED'
                            returning request_id)
                        QUEUE_RESULTS""".replace("ENDED", ResultOutbox.ENDED)
                        .replace("QUEUE_RESULTS", ResultOutbox.queueingResultsOf("rejected")))) {
                    update.setString(1, answer.code());
                    update.setString(2, answer.reason());
                    update.setString(3, requestId);
                    return update.executeUpdate();
                }
            }
            // accepted, or a repeat the provider already had (eSMS 124). A fast callback may already have made it
            // final: the status then stays where it is, and only the reference is filled in.
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set provider_ref = coalesce(provider_ref, ?), provider_code = ?,
                                            submitted_at = coalesce(submitted_at, now()), updated_at = now(),
                                            status = case when status in ('QUEUED', 'HELD') then 'SUBMITTED' else status end,
                                            next_poll_at = now() + ?::interval, RELEASE
                     where request_id = ?""".replace("RELEASE", Claims.RELEASE))) {
                update.setString(1, answer.reference());
                update.setString(2, answer.code());
                update.setString(3, LedgerDatabase.interval(db.pollAfter()));
                update.setString(4, requestId);
                return update.executeUpdate();
            }
        });
    }
}
