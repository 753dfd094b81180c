package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.esms.EsmsAnswer;
import vn.voiceroutes.esms.EsmsCodes;
import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.esms.EsmsVoiceStatus;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.CallStatus;
import vn.voiceroutes.vbot.Vbot;
import vn.voiceroutes.vbot.VbotAutoCall;

/**
 * The call ledger in PostgreSQL: the one record of every call, its events and its pending results. Every decision
 * that must hold across restarts and nodes (claim a call, move its status forward, emit its result once) is taken
 * here in one transaction, never in memory.
 */
public class CallLedger {

    /** Exchange properties the dispatch routes read. */
    public static final String REQUEST = "voiceRequest";
    public static final String OUTCOME = "voiceOutcome";

    /** What intake did with one request, for the file's summary. */
    public enum DispatchOutcome { REGISTERED, ALREADY_HANDLED, INVALID }

    /** What a provider report did to the ledger. */
    public enum ReportResult { FINAL, PROGRESS, DUPLICATE, ORPHAN, IGNORED_LATE }

    private static final Logger LOG = LoggerFactory.getLogger(CallLedger.class);

    private final DataSource dataSource;
    private final String nodeId;
    private final Duration claimLease;
    private final Duration pollAfter;
    private volatile java.time.OffsetDateTime startedAt;

    public CallLedger(DataSource dataSource, String nodeId, Duration claimLease, Duration pollAfter) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.claimLease = claimLease;
        this.pollAfter = pollAfter;
    }

    /**
     * Claims up to {@code limit} QUEUED calls of these channels (comma-separated) that are due: not claimed by a live
     * node, not waiting out a backoff, not dead-lettered; oldest first. A node restarted after a crash takes back at
     * once what it claimed before it started; another node's calls are taken once its claim has run out (it died, or
     * could not record the answer): sent again with the same RequestId, which eSMS refuses as a repeat (124) if it had
     * the call. Several nodes claim side by side (FOR UPDATE SKIP LOCKED).
     */
    /** The calls a dispatcher may claim now, oldest first; reads the partial index call_request_dispatch_due. */
    static final String DISPATCH_DUE = """
            select r.request_id from call_request r
             where r.status = 'QUEUED' and r.dead_lettered_at is null and r.channel = any(?) and r.request_json is not null
               and (r.claimed_until is null or r.claimed_until < now()
                    or (r.claimed_by = ? and r.claimed_until - ?::interval < ?::timestamptz))
               and (r.next_attempt_at is null or r.next_attempt_at <= now())
             order by r.created_at limit ? for update skip locked""";

    public List<CallRequest> claimCalls(String channels, int limit) {
        return inTransaction(connection -> {
            record Claimed(java.time.OffsetDateTime created, long record, CallRequest request) {
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update call_request c set claimed_by = ?, claimed_until = now() + ?::interval, attempts = attempts + 1,
                                              updated_at = now()
                     where c.request_id in (""" + DISPATCH_DUE + """
                    ) returning c.request_json, c.created_at, c.source_record""")) {
                claim.setString(1, nodeId);
                claim.setString(2, interval(claimLease));
                claim.setArray(3, connection.createArrayOf("varchar", channels.split("\\s*,\\s*")));
                claim.setString(4, nodeId);
                claim.setString(5, interval(claimLease));
                claim.setObject(6, startedAt(connection));
                claim.setInt(7, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Claimed(rows.getObject(2, java.time.OffsetDateTime.class), rows.getLong(3),
                                JSON.readValue(rows.getString(1), CallRequest.class)));
                    }
                }
            } catch (java.io.IOException e) {
                throw new SQLException("A queued request cannot be read back", e);
            }
            // in the order they came (a file's rows in file order): RETURNING keeps none
            claimed.sort(java.util.Comparator.comparing(Claimed::created).thenComparingLong(Claimed::record));
            return claimed.stream().map(Claimed::request).toList();
        });
    }

    /** Inserts a call QUEUED, the first time only (one row inserted: the first time). */
    private static final String REGISTER = """
            insert into call_request (request_id, channel, phone, status, source_type, source_name, source_line,
                                      source_message_id, batch_id, request_json, provider_ref, content_key, source_record)
            values (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (request_id) do nothing""";

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
                    throw new vn.voiceroutes.model.InvalidRecordException("requestId", "'" + request.getRequestId()
                            + "' is already the RequestId of another call (" + where + ") with other values: this one is not called");
                }
                CallRequest.Source source = request.getSource();
                Long record = (Long) known.getObject(3);
                if (source != null && source.batchId() != null && source.batchId().equals(known.getString(2))
                        && record != null && !record.equals(source.record())) {
                    throw new vn.voiceroutes.model.InvalidRecordException("record", "is the same call as record " + record
                            + " (line " + known.getLong(6) + ") of this file, RequestId " + request.getRequestId() + ": it is placed once");
                }
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Exchange property: the reference the provider will report a held call by, when known before it goes out. */
    public static final String PROVIDER_REF = "voiceProviderRef";

    /**
     * Registers a call, QUEUED, with its request (and the reference its provider will report it by when the transport
     * knows it already, exchange property {@link #PROVIDER_REF}): the provider's dispatcher sends it (claimCalls,
     * claimCampaigns). Sets the outcome REGISTERED the first time, ALREADY_HANDLED for a redelivered or re-dropped record.
     */
    public void hold(Exchange exchange) throws InvalidPayloadException {
        CallRequest request = exchange.getMessage().getMandatoryBody(CallRequest.class);
        exchange.setProperty(REQUEST, request);
        Registered registered = holdAll(List.of(new Registration(request, exchange.getProperty(PROVIDER_REF, String.class)))).get(0);
        if (registered.refusal() != null) {
            throw registered.refusal();
        }
        exchange.setProperty(OUTCOME, registered.outcome());
    }

    /** A call to register, with the reference its provider will report it by when known before it goes out. */
    public record Registration(CallRequest request, String providerRef) {
    }

    /** What registering one call did: REGISTERED or ALREADY_HANDLED, or refused (the same call twice, a RequestId of another call). */
    public record Registered(DispatchOutcome outcome, vn.voiceroutes.model.InvalidRecordException refusal) {
    }

    /**
     * Registers calls in one transaction, in their order (a file's chunk of rows: one round trip for the inserts),
     * as {@link #hold} does one; the results in the same order. A refused call does not stop the others.
     */
    public List<Registered> holdAll(List<Registration> registrations) {
        List<String> json = new ArrayList<>(registrations.size());
        for (Registration registration : registrations) {
            try {
                json.add(JSON.writeValueAsString(registration.request()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return inTransaction(connection -> {
            int[] inserted;
            try (PreparedStatement insert = connection.prepareStatement(REGISTER)) {
                for (int i = 0; i < registrations.size(); i++) {
                    bindRegistration(insert, registrations.get(i).request(), json.get(i), registrations.get(i).providerRef());
                    insert.addBatch();
                }
                inserted = insert.executeBatch();
            }
            List<Registered> results = new ArrayList<>(registrations.size());
            for (int i = 0; i < registrations.size(); i++) {
                CallRequest request = registrations.get(i).request();
                if (inserted[i] == 1) {
                    results.add(new Registered(DispatchOutcome.REGISTERED, null));
                    continue;
                }
                try {
                    checkSameCall(connection, request);
                } catch (vn.voiceroutes.model.InvalidRecordException refused) {
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

    /**
     * Claims the QUEUED calls of a batched channel that are ready to go: those of files read to their end, and
     * those that came one by one (queue messages), and groups them into campaigns of at most {@code size} calls by
     * input and campaign template; at most {@code maxCalls} at a time, so that sending them takes less than the claim
     * lease (another node would take them again after it).
     */
    public List<vn.voiceroutes.vbot.CampaignBatch> claimCampaigns(String channel, int size, int maxCalls) {
        return inTransaction(connection -> {
            // A claim never cleared whose request had gone out (markSending) was a node's that stopped before VBot's
            // answer was recorded: VBot may have the calls, and it cannot tell a campaign sent again from a new one
            // (every phone would ring twice). They are not sent again: SUBMITTED without a reference, finished by
            // VBot's webhook or call history (found by phone), else expired like any call whose outcome never comes.
            // The calls of that flush whose request had not gone out are claimed again below.
            try (PreparedStatement unconfirmed = connection.prepareStatement("""
                    update call_request set status = 'SUBMITTED', submitted_at = now(), next_poll_at = now() + ?::interval,
                                            last_error = 'sent by ' || claimed_by || ', which stopped before VBot''s answer was '
                                                || 'recorded: not sent again, as VBot cannot tell a repeat',
                                            claimed_by = null, claimed_until = null, send_started_at = null, updated_at = now()
                     where status in ('QUEUED', 'HELD') and channel = ? and send_started_at is not null
                       and (claimed_until < now() or (claimed_by = ? and claimed_until - ?::interval < ?::timestamptz))
                    returning request_id""")) {
                unconfirmed.setString(1, interval(pollAfter));
                unconfirmed.setString(2, channel);
                unconfirmed.setString(3, nodeId);
                unconfirmed.setString(4, interval(claimLease));
                unconfirmed.setObject(5, startedAt(connection));
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = unconfirmed.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                if (!ids.isEmpty()) {
                    LOG.warn("{} {} calls were being sent to VBot by a node that stopped before VBot's answer was recorded "
                            + "(e.g. {}): not sent again; their outcome comes from VBot's webhook or call history, else they expire",
                            ids.size(), channel, ids.get(0));
                }
            }
            Map<String, List<CallRequest>> groups = new java.util.LinkedHashMap<>();
            Map<String, String> names = new java.util.HashMap<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update call_request c set claimed_by = ?, claimed_until = now() + ?::interval, attempts = attempts + 1
                     where c.request_id in (select r.request_id from call_request r
                                             where r.status in ('QUEUED', 'HELD') and r.channel = ?
                                               and (r.claimed_until is null or r.claimed_until < now()
                                                    or (r.claimed_by = ? and r.claimed_until - ?::interval < ?::timestamptz))
                                               and (r.next_attempt_at is null or r.next_attempt_at <= now())
                                               and r.dead_lettered_at is null
                                               and (r.batch_id is null or exists (select 1 from call_batch b where b.batch_id = r.batch_id))
                                             order by r.created_at, r.source_record limit ? for update skip locked)
                    returning c.request_json, c.batch_id, c.source_name""")) {
                claim.setString(1, nodeId);
                claim.setString(2, interval(claimLease));
                claim.setString(3, channel);
                // a node restarted after a crash takes back at once what it claimed before it started
                claim.setString(4, nodeId);
                claim.setString(5, interval(claimLease));
                claim.setObject(6, startedAt(connection));
                claim.setInt(7, maxCalls);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        CallRequest request = JSON.readValue(rows.getString(1), CallRequest.class);
                        // one campaign per input and template: the campaign API's template campaign, the auto-call script
                        String key = rows.getString(2) + "|" + request.param(Vbot.CAMPAIGN_ID) + "|"
                                + request.param(VbotAutoCall.RECORD_TEMPLATE_CODE);
                        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(request);
                        names.putIfAbsent(key, rows.getString(3) == null ? "queue" : rows.getString(3));
                    }
                }
            } catch (java.io.IOException e) {
                throw new SQLException("A held request cannot be read back", e);
            }
            List<vn.voiceroutes.vbot.CampaignBatch> campaigns = new ArrayList<>();
            groups.forEach((key, requests) -> {
                requests.sort(java.util.Comparator.comparing(r -> r.getSource() == null || r.getSource().record() == null ? 0L : r.getSource().record()));
                for (int from = 0; from < requests.size(); from += size) {
                    String name = "voice-routes " + names.get(key) + " " + java.time.LocalDate.now() + (requests.size() > size ? " part " + (from / size + 1) : "");
                    campaigns.add(new vn.voiceroutes.vbot.CampaignBatch(name, requests.get(from).param(Vbot.CAMPAIGN_ID),
                            List.copyOf(requests.subList(from, Math.min(from + size, requests.size())))));
                }
            });
            return campaigns;
        });
    }

    /**
     * The request carrying these calls is about to go out to VBot: from now on, should this node stop before VBot's
     * answer is recorded, they are not sent again (claimCampaigns). Only the calls this node still holds the claim of.
     */
    public void markSending(vn.voiceroutes.vbot.CampaignBatch campaign) {
        if (campaign == null) {
            return; // a request not sent by a flush: no claims to mark
        }
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set send_started_at = now()
                     where request_id = any(?) and claimed_by = ? and status in ('QUEUED', 'HELD')""")) {
                update.setArray(1, connection.createArrayOf("varchar",
                        campaign.calls().stream().map(CallRequest::getRequestId).toArray()));
                update.setString(2, nodeId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * While the calling window is closed, the calls of a batched channel that wait for it are HELD (the flush claims
     * QUEUED and HELD calls alike once it opens). Reads the partial index call_request_waiting_channel.
     */
    public int holdForWindow(String channel) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set status = 'HELD', updated_at = now()
                     where channel = ? and status = 'QUEUED'""")) {
                update.setString(1, channel);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Records VBot's answer to a campaign (or auto-call request) for every call in it: the reference VBot reports it
     * by (campaign id, or the call's external_call_id), or the rejection and its reason. An accepted call is polled
     * (call history) if no webhook has finished it after voice.poll.after-ms.
     */
    public void recordCampaignAnswer(vn.voiceroutes.vbot.CampaignBatch campaign, vn.voiceroutes.vbot.CampaignAnswer answer) {
        inTransaction(connection -> {
            for (CallRequest call : campaign.calls()) {
                if (answer.accepted()) {
                    try (PreparedStatement update = connection.prepareStatement("""
                            update call_request set status = 'SUBMITTED', provider_ref = coalesce(provider_ref, ?), provider_code = ?,
                                                    submitted_at = now(), next_poll_at = now() + ?::interval,
                                                    claimed_by = null, claimed_until = null, updated_at = now()
                             where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                        update.setString(1, answer.referenceOf(call.getRequestId()));
                        update.setString(2, answer.error());
                        update.setString(3, interval(pollAfter));
                        update.setString(4, call.getRequestId());
                        update.executeUpdate();
                    }
                } else {
                    try (PreparedStatement update = connection.prepareStatement("""
                            update call_request set status = 'REJECTED', provider_code = ?, reason = ?, finished_at = now(),
                                                    claimed_by = null, claimed_until = null, updated_at = now()
                             where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                        update.setString(1, answer.error());
                        update.setString(2, "VBot " + answer.error() + ": " + answer.message());
                        update.setString(3, call.getRequestId());
                        if (update.executeUpdate() == 1) {
                            queueResult(connection, call.getRequestId());
                        }
                    }
                }
            }
            return null;
        });
    }

    /** A call given up on after its retries, and why. */
    public record DeadLetter(CallRequest request, String reason) {
    }

    /**
     * A campaign request failed for a passing reason: each of its calls waits longer before its next try (delay x
     * backoff^failures), and those that failed more than maxRetries times are dead-lettered: no longer claimed, and
     * returned with the reason for voice.dlq.
     */
    public List<DeadLetter> deferCampaign(vn.voiceroutes.vbot.CampaignBatch campaign, String reason, int maxRetries,
            long delayMillis, double backoff) {
        return defer(campaign.calls(), Vbot.PROVIDER, reason, maxRetries, delayMillis, backoff);
    }

    /** One call failed for a passing reason: as {@link #deferCampaign}; the list holds it if it is dead-lettered. */
    public List<DeadLetter> deferCall(CallRequest call, String reason, int maxRetries, long delayMillis, double backoff) {
        return defer(List.of(call), vn.voiceroutes.esms.EsmsVoice.PROVIDER, reason, maxRetries, delayMillis, backoff);
    }

    private List<DeadLetter> defer(List<CallRequest> calls, String provider, String reason, int maxRetries,
            long delayMillis, double backoff) {
        return inTransaction(connection -> {
            List<DeadLetter> deadLetters = new ArrayList<>();
            for (CallRequest call : calls) {
                try (PreparedStatement update = connection.prepareStatement("""
                        update call_request set send_failures = send_failures + 1, last_error = ?, claimed_by = null,
                                                claimed_until = null, send_started_at = null, updated_at = now(),
                                                next_attempt_at = now() + (? * power(?, send_failures)) * interval '1 millisecond',
                                                dead_lettered_at = case when send_failures + 1 > ? then now() end
                         where request_id = ? and status in ('QUEUED', 'HELD')
                        returning send_failures""")) {
                    update.setString(1, reason);
                    update.setLong(2, delayMillis);
                    update.setDouble(3, backoff);
                    update.setInt(4, maxRetries);
                    update.setString(5, call.getRequestId());
                    try (ResultSet row = update.executeQuery()) {
                        if (row.next() && row.getInt(1) > maxRetries) {
                            deadLetters.add(new DeadLetter(call, provider + " did not take the request after " + row.getInt(1)
                                    + " tries: " + reason));
                        }
                    }
                }
            }
            return deadLetters;
        });
    }

    /** A campaign could not be sent this time: its calls keep waiting (QUEUED or HELD), with the reason, for the next window. */
    public void releaseCampaign(vn.voiceroutes.vbot.CampaignBatch campaign, String reason) {
        release(campaign.calls(), reason);
    }

    /** A call could not be sent this time (its provider paused): it waits, QUEUED, with the reason, for the resume. */
    public void releaseCall(CallRequest call, String reason) {
        release(List.of(call), reason);
    }

    private void release(List<CallRequest> calls, String reason) {
        inTransaction(connection -> {
            for (CallRequest call : calls) {
                try (PreparedStatement update = connection.prepareStatement("""
                        update call_request set last_error = ?, claimed_by = null, claimed_until = null,
                                                send_started_at = null, updated_at = now()
                         where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                    update.setString(1, reason);
                    update.setString(2, call.getRequestId());
                    update.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Stores VBot's auto-call-history webhook for one phone of a campaign (the seed's form: campaign_id, phone,
     * status, time_call, postage). A report without a status says nothing about the outcome: kept, no change.
     */
    public ReportResult recordVbotReport(Map<String, String> report, String rawPayload, String phone) {
        String status = blankToNull(report.get(Vbot.HOOK_STATUS));
        EsmsVoiceStatus.Outcome outcome = status == null ? noOutcome()
                : new EsmsVoiceStatus.Outcome(Vbot.autoCallStatus(status), seconds(report.get(Vbot.HOOK_TIME_CALL)),
                        amount(report.get(Vbot.HOOK_POSTAGE)), null, Vbot.autoCallFailure(status));
        return recordReport(outcome, blankToNull(report.get(Vbot.HOOK_CAMPAIGN_ID)), null, phone,
                report, rawPayload, "vbot-auto-call-history", Vbot.PROVIDER);
    }

    /**
     * Stores VBot's current auto-call webhooks (AUTO_CALL_LOG, or the log inside AUTO_CALL_COMPLETE): the call is found
     * by its external_call_id, its outcome read from the disposition. AUTO_CALL_RECORDING and AUTO_CALL_AI_EXTRACTION
     * name the call but carry no outcome: kept as events, no change.
     */
    public ReportResult recordVbotAutoCallLog(Map<String, String> report, String rawPayload, String phone, String kind) {
        String disposition = blankToNull(report.get(VbotAutoCall.LOG_DISPOSITION));
        EsmsVoiceStatus.Outcome outcome = disposition == null ? noOutcome() : dispositionOutcome(disposition,
                seconds(report.get(VbotAutoCall.LOG_BILLSEC)), amount(report.get(VbotAutoCall.LOG_POSTAGE)));
        return recordReport(outcome, blankToNull(report.get(VbotAutoCall.LOG_EXTERNAL_CALL_ID)), null, phone, report,
                rawPayload, kind, Vbot.PROVIDER);
    }

    /**
     * Stores VBot's call-history webhook (HISTORY_CALL). Since 2026-02-13 it names the call's external_call_id; before
     * that it named no call, so it belongs to the newest vbot-campaign call to that phone still waiting for its
     * outcome (else it is kept as an orphan).
     */
    public ReportResult recordVbotCallHistory(Map<String, String> report, String rawPayload, String phone) {
        String externalId = blankToNull(report.get(VbotAutoCall.HISTORY_EXTERNAL_CALL_ID));
        String ourId = externalId != null || phone == null ? null : inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select request_id from call_request where phone = ? and channel = 'vbot-campaign' and status = 'SUBMITTED'
                     order by submitted_at desc limit 1""")) {
                select.setString(1, phone);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        return recordPolledVbotHistory(ourId, externalId, report, rawPayload, "vbot-call-history");
    }

    /** Stores one entry of VBot's call history (webhook or the call-history list) for a call, by our id or VBot's reference. */
    public ReportResult recordPolledVbotHistory(String ourId, String referenceId, Map<String, String> report, String rawPayload, String kind) {
        return recordReport(dispositionOutcome(report.get(Vbot.HISTORY_DISPOSITION), seconds(report.get(Vbot.HOOK_TIME_CALL)),
                amount(report.get(Vbot.HOOK_POSTAGE))), referenceId, ourId, null, report, rawPayload, kind, Vbot.PROVIDER);
    }

    private static EsmsVoiceStatus.Outcome dispositionOutcome(String disposition, Integer seconds, java.math.BigDecimal price) {
        CallStatus next = Vbot.dispositionStatus(disposition);
        return new EsmsVoiceStatus.Outcome(next, seconds, price, null, next == CallStatus.FAILED ? "VBot disposition " + disposition : null);
    }

    /** A report that names a call but says nothing of its outcome: stored as an event, the call left as it is. */
    private static final EsmsVoiceStatus.Outcome NO_OUTCOME = new EsmsVoiceStatus.Outcome(CallStatus.SUBMITTED, null, null, null, null);

    private static EsmsVoiceStatus.Outcome noOutcome() {
        return NO_OUTCOME;
    }

    /** Records eSMS's answer to a call request; a rejection is a final outcome and queues its result. */
    public void recordEsmsAnswer(Exchange exchange) throws InvalidPayloadException {
        EsmsAnswer answer = exchange.getMessage().getMandatoryBody(EsmsAnswer.class);
        CallRequest request = exchange.getProperty(REQUEST, CallRequest.class);
        String requestId = request.getRequestId();
        boolean rejected = answer.kind() == EsmsCodes.Kind.RECORD_REJECTED;
        // one statement, committed on its own: one round trip per answer
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (rejected) {
                try (PreparedStatement update = connection.prepareStatement("""
                        with rejected as (
                            update call_request set status = 'REJECTED', provider_code = ?, reason = ?, finished_at = now(),
                                                    updated_at = now(), claimed_by = null, claimed_until = null
                             where request_id = ? and status = 'QUEUED'
                            returning request_id)
                        insert into result_outbox (request_id) select request_id from rejected
                        on conflict (request_id) do nothing""")) {
                    update.setString(1, answer.code());
                    update.setString(2, "eSMS " + answer.code() + ": " + answer.message());
                    update.setString(3, requestId);
                    update.executeUpdate();
                }
            } else {
                // 100, or 124 (eSMS already has this RequestId). A fast callback may already have made it final:
                // the status then stays where it is, and only the reference is filled in.
                try (PreparedStatement update = connection.prepareStatement("""
                        update call_request set provider_ref = coalesce(provider_ref, ?), provider_code = ?,
                                                submitted_at = coalesce(submitted_at, now()), updated_at = now(),
                                                status = case when status in ('QUEUED', 'HELD') then 'SUBMITTED' else status end,
                                                next_poll_at = now() + ?::interval, claimed_by = null, claimed_until = null
                         where request_id = ?""")) {
                    update.setString(1, answer.smsId());
                    update.setString(2, answer.code());
                    update.setString(3, interval(pollAfter));
                    update.setString(4, requestId);
                    update.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
        exchange.getMessage().setBody(request);
    }


    /**
     * Stores an eSMS voice callback: the event first (a resend with the same values is recognised and changes
     * nothing), then the call's status, only forward; a final outcome queues its result in the same transaction.
     */
    public ReportResult recordEsmsVoiceReport(Map<String, String> report, String rawPayload, String kind) {
        return recordReport(EsmsVoiceStatus.read(report), blankToNull(report.get(EsmsVoice.REFERENCE_ID)),
                blankToNull(report.get(CallbackUrls.REQUEST_ID_PARAM)), null, report, rawPayload, kind, EsmsVoice.PROVIDER);
    }

    /** Stores eSMS's message-style callback (voice OTP): SMSID is its reference, RequestId (or rid) ours. */
    public ReportResult recordEsmsMessageReport(Map<String, String> report, String rawPayload, String kind) {
        String ourId = blankToNull(report.get(CallbackUrls.REQUEST_ID_PARAM));
        return recordReport(EsmsVoiceStatus.readMessage(report), blankToNull(report.get(EsmsVoice.SMS_ID)),
                ourId != null ? ourId : blankToNull(report.get(EsmsVoice.REQUEST_ID)), null, report, rawPayload,
                kind, EsmsVoice.PROVIDER);
    }

    /**
     * Stores a provider's report: the event first (a resend with the same values changes nothing), then the call's
     * status, only forward. The call is found by our RequestId, else by the provider's reference (and the phone,
     * where one reference covers many calls, as a VBot campaign does).
     */
    private ReportResult recordReport(EsmsVoiceStatus.Outcome outcome, String referenceId, String ourId, String phone,
            Map<String, String> report, String rawPayload, String kind, String provider) {
        return inTransaction(connection -> {
            Optional<String> requestId = findCall(connection, ourId, referenceId, phone);
            if (requestId.isEmpty() && Vbot.PROVIDER.equals(provider) && phone != null) {
                requestId = unconfirmedVbotCall(connection, phone);
            }
            String dedupeKey = dedupeKey(kind, report);
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into call_event (request_id, provider, kind, provider_ref, status, dedupe_key, payload)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing""")) {
                insert.setString(1, requestId.orElse(null));
                insert.setString(2, provider);
                insert.setString(3, kind);
                insert.setString(4, referenceId);
                insert.setString(5, outcome.status().name());
                insert.setString(6, dedupeKey);
                insert.setString(7, rawPayload);
                if (insert.executeUpdate() == 0) {
                    return ReportResult.DUPLICATE;
                }
            }
            if (requestId.isEmpty()) {
                LOG.warn("{} report for unknown call (reference {}, rid {}) kept as an orphan event", provider, referenceId, ourId);
                return ReportResult.ORPHAN;
            }
            String id = requestId.get();
            if (outcome == NO_OUTCOME) {
                return ReportResult.PROGRESS;
            }
            CallStatus current = lockStatus(connection, id);
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
            if (next.isFinal()) {
                queueResult(connection, id);
                return ReportResult.FINAL;
            }
            return ReportResult.PROGRESS;
        });
    }

    /**
     * Claims a batch of pending results for the sinks (a lease, so several nodes can publish side by side); this node's
     * own unfinished claims too (it crashed while publishing them).
     */
    public List<PendingResult> claimPendingResults(int limit) {
        return inTransaction(connection -> {
            List<PendingResult> results = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update result_outbox o set claimed_by = ?, claimed_until = now() + interval '1 minute', claims = claims + 1
                     where o.id in (select id from result_outbox
                                     where emitted_at is null
                                       and (claimed_until is null or claimed_until < now()
                                            or (claimed_by = ? and claimed_until - interval '1 minute' < ?::timestamptz))
                                     order by id limit ? for update skip locked)
                    returning o.id, o.request_id, o.claims""")) {
                claim.setString(1, nodeId);
                // a node restarted after a crash publishes what it had claimed at once, not a minute later (its
                // publisher never overlaps itself); the claim count tells the sinks to check before writing again
                claim.setString(2, nodeId);
                claim.setObject(3, startedAt(connection));
                claim.setInt(4, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        results.add(new PendingResult(rows.getLong(1), rows.getString(2), null, rows.getInt(3) > 1));
                    }
                }
            }
            if (results.isEmpty()) {
                return results;
            }
            // the calls of the whole batch in one query
            Map<String, CallRecord> calls = new java.util.HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT_CALL + " where request_id = any(?)")) {
                select.setArray(1, connection.createArrayOf("varchar", results.stream().map(PendingResult::requestId).toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CallRecord call = callRecord(rows);
                        calls.put(call.requestId(), call);
                    }
                }
            }
            List<PendingResult> withCalls = new ArrayList<>(results.size());
            for (PendingResult pending : results) {
                withCalls.add(new PendingResult(pending.id(), pending.requestId(), calls.get(pending.requestId()), pending.claimedBefore()));
            }
            withCalls.sort((a, b) -> Long.compare(a.id(), b.id()));
            return withCalls;
        });
    }

    public void markResultsEmitted(List<Long> outboxIds) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update result_outbox set emitted_at = now(), claimed_by = null, claimed_until = null where id = any(?)")) {
                update.setArray(1, connection.createArrayOf("bigint", outboxIds.toArray()));
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The calls due for a status poll (channels, limit); reads the partial index call_request_poll_due. */
    static final String POLL_DUE = """
            select request_id from call_request
             where status = 'SUBMITTED' and next_poll_at <= now() and channel = any(?)
             order by next_poll_at limit ? for update skip locked""";

    /** The calls past their expiry (interval, limit); reads the partial index call_request_submitted_since. */
    static final String OVERDUE = """
            select request_id from call_request
             where status = 'SUBMITTED' and submitted_at < now() - ?::interval
             order by submitted_at limit ? for update skip locked""";

    /** A SUBMITTED call whose outcome is overdue, to ask its provider about. */
    public record PollTarget(String requestId, String channel, String providerRef, int attempts, String phone,
            java.time.Instant submittedAt) {
    }

    /**
     * Claims up to {@code limit} SUBMITTED calls of these channels whose next poll is due, oldest due first, and
     * pushes their next poll out by the claim lease (so a crashed poller's calls come back, and nodes share).
     * Reads the partial index call_request_poll_due.
     */
    public List<PollTarget> claimCallsToPoll(String channels, int limit) {
        return claimDue(List.of(channels.split("\\s*,\\s*")), limit);
    }

    private List<PollTarget> claimDue(List<String> channels, int limit) {
        return inTransaction(connection -> {
            List<PollTarget> targets = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update call_request c set next_poll_at = now() + ?::interval, poll_attempts = poll_attempts + 1
                     where c.request_id in (""" + POLL_DUE + """
                    ) returning c.request_id, c.channel, c.provider_ref, c.poll_attempts, c.phone, c.submitted_at""")) {
                claim.setString(1, interval(claimLease));
                claim.setArray(2, connection.createArrayOf("varchar", channels.toArray()));
                claim.setInt(3, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        targets.add(new PollTarget(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                                rows.getString(5), instant(rows.getTimestamp(6))));
                    }
                }
            }
            return targets;
        });
    }

    /** The provider has no outcome yet: poll again after a backoff that doubles per attempt, up to 8x. */
    public void pollLater(String requestId, int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 3);
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update call_request set next_poll_at = now() + ?::interval where request_id = ? and status = 'SUBMITTED'")) {
                update.setString(1, interval(pollAfter.multipliedBy(factor)));
                update.setString(2, requestId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Calls SUBMITTED longer than {@code after} without a final outcome become EXPIRED (a final outcome, published
     * like any other). Reads the partial index call_request_submitted_since. Returns how many expired.
     */
    public int expireOverdue(long afterMillis, int limit) {
        return expire(Duration.ofMillis(afterMillis), limit);
    }

    private int expire(Duration after, int limit) {
        return inTransaction(connection -> {
            List<String> expired = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request c set status = 'EXPIRED', finished_at = now(), updated_at = now(),
                                              reason = 'no outcome reported within ' || ?
                     where c.request_id in (""" + OVERDUE + """
                    ) returning c.request_id""")) {
                update.setString(1, after.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
                update.setString(2, interval(after));
                update.setInt(3, limit);
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        expired.add(rows.getString(1));
                    }
                }
            }
            for (String requestId : expired) {
                queueResult(connection, requestId);
            }
            return expired.size();
        });
    }

    /**
     * When this node first used the ledger, by the database's clock: its own claims made before then were left by an
     * earlier run of the same node (it crashed), those made since are in flight here and stay its own.
     */
    private java.time.OffsetDateTime startedAt(Connection connection) throws SQLException {
        if (startedAt == null) {
            try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery("select now()")) {
                row.next();
                startedAt = row.getObject(1, java.time.OffsetDateTime.class);
            }
        }
        return startedAt;
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    /** Records that a file was read to its end; its report follows once all its calls are final. */
    public void recordBatchRead(String batchId, String channel, String fileName, long rowsRead, long invalidRows) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into call_batch (batch_id, channel, file_name, rows_read, invalid_rows) values (?, ?, ?, ?, ?)
                    on conflict (batch_id) do nothing""")) {
                insert.setString(1, batchId);
                insert.setString(2, channel);
                insert.setString(3, fileName);
                insert.setLong(4, rowsRead);
                insert.setLong(5, invalidRows);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The oldest file read to its end whose calls are all final and whose report is not written. */
    static final String BATCH_READY = """
            select b.batch_id, b.channel, b.file_name, b.rows_read, b.invalid_rows from call_batch b
             where b.report_written_at is null and (b.next_report_at is null or b.next_report_at <= now())
               and not exists (select 1 from call_request c where c.batch_id = b.batch_id
                                  and c.status in ('QUEUED', 'HELD', 'SUBMITTED'))
             order by b.read_at limit 1 for update skip locked""";

    /** A file whose calls are all final, ready for its report. */
    public record FinishedBatch(String batchId, String channel, String fileName, long rowsRead, long invalidRows) {
    }

    /** Where a batch's report goes: its calls one by one in line order, then the end. */
    public interface BatchReport {
        void call(CallRecord call) throws java.io.IOException;

        void end() throws java.io.IOException;

        /** The report could not be completed (it is tried again at the next poll): drop what was written. */
        void abandon();
    }

    /**
     * Reports one batch whose calls are all final (none QUEUED, HELD or SUBMITTED) and whose report is not written:
     * its calls are streamed from a cursor into the report {@code open} gives (a file of 100,000 rows must not sit in
     * memory), and the batch is marked reported in the same transaction, once the report has ended. False when no
     * batch is ready.
     */
    public boolean reportFinishedBatch(java.util.function.Function<FinishedBatch, BatchReport> open) {
        String[] attempted = new String[1];
        try {
            return inTransaction(connection -> {
                FinishedBatch batch;
                try (PreparedStatement select = connection.prepareStatement(BATCH_READY)) {
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return false;
                        }
                        batch = new FinishedBatch(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5));
                    }
                }
                attempted[0] = batch.batchId();
                BatchReport report = open.apply(batch);
                try (PreparedStatement calls = connection.prepareStatement(SELECT_CALL + " where batch_id = ? order by source_record, source_line")) {
                    calls.setFetchSize(500); // a cursor: the transaction is open, so the driver fetches 500 rows at a time
                    calls.setString(1, batch.batchId());
                    try (ResultSet rows = calls.executeQuery()) {
                        while (rows.next()) {
                            report.call(callRecord(rows));
                        }
                    }
                    report.end();
                } catch (java.io.IOException e) {
                    report.abandon();
                    throw new java.io.UncheckedIOException(e);
                } catch (SQLException | RuntimeException e) {
                    report.abandon();
                    throw e;
                }
                try (PreparedStatement mark = connection.prepareStatement("update call_batch set report_written_at = now() where batch_id = ?")) {
                    mark.setString(1, batch.batchId());
                    mark.executeUpdate();
                }
                return true;
            });
        } catch (RuntimeException e) {
            if (attempted[0] == null) {
                throw e;
            }
            deferReport(attempted[0], e);
            return true;
        }
    }

    /**
     * A report that could not be written is tried again after a backoff (1, 2, 4 ... minutes, at most an hour), so it
     * does not hold up the reports of the files after it.
     */
    private void deferReport(String batchId, RuntimeException fault) {
        LOG.error("The report of batch {} could not be written; tried again later: {}", batchId, fault.getMessage());
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_batch set report_attempts = report_attempts + 1, report_error = ?,
                                          next_report_at = now() + least(interval '1 minute' * power(2, report_attempts), interval '1 hour')
                     where batch_id = ?""")) {
                update.setString(1, String.valueOf(fault.getMessage()));
                update.setString(2, batchId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** A call as the ledger has it, for the sinks and for tests. */
    public Optional<CallRecord> find(String requestId) {
        return inTransaction(connection -> Optional.ofNullable(readCall(connection, requestId)));
    }

    /** A final outcome to publish; claimedBefore: an earlier claim may have published it already. */
    public record PendingResult(long id, String requestId, CallRecord call, boolean claimedBefore) {
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void queueResult(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into result_outbox (request_id) values (?) on conflict (request_id) do nothing")) {
            insert.setString(1, requestId);
            insert.executeUpdate();
        }
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

    /** The newest call to this phone sent by a node that stopped before VBot's answer (its reference) was recorded. */
    private static Optional<String> unconfirmedVbotCall(Connection connection, String phone) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select request_id from call_request
                 where phone = ? and channel = 'vbot-campaign' and status = 'SUBMITTED' and provider_ref is null
                 order by submitted_at desc limit 1""")) {
            select.setString(1, phone);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static CallStatus lockStatus(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select status from call_request where request_id = ? for update")) {
            select.setString(1, requestId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return CallStatus.valueOf(rows.getString(1));
            }
        }
    }

    /** The columns of a CallRecord, in the order {@link #callRecord} reads them. */
    private static final String SELECT_CALL = """
            select request_id, channel, phone, status, provider_ref, provider_code, reason, duration_seconds, price, ivr,
                   source_type, source_name, source_line, source_message_id, batch_id, attempts, last_error,
                   created_at, submitted_at, finished_at
              from call_request""";

    private static CallRecord readCall(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_CALL + " where request_id = ?")) {
            select.setString(1, requestId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? callRecord(row) : null;
            }
        }
    }

    private static CallRecord callRecord(ResultSet row) throws SQLException {
        return new CallRecord(row.getString(1), row.getString(2), row.getString(3), CallStatus.valueOf(row.getString(4)),
                row.getString(5), row.getString(6), row.getString(7), (Integer) row.getObject(8), row.getBigDecimal(9),
                row.getString(10), row.getString(11), row.getString(12), (Long) row.getObject(13), row.getString(14),
                row.getString(15), row.getInt(16), row.getString(17), instant(row.getTimestamp(18)),
                instant(row.getTimestamp(19)), instant(row.getTimestamp(20)));
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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

    /** A duration a provider reported; malformed or impossible figures stay empty (the raw report is in the event). */
    private static Integer seconds(String value) {
        try {
            if (value != null && value.strip().matches("\\d{1,3}:\\d{2}:\\d{2}")) { // VBot's call history: "00:00:08"
                String[] parts = value.strip().split(":");
                return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Integer.parseInt(parts[2]);
            }
            return value == null || value.isBlank() ? null : EsmsVoiceStatus.plausibleSeconds(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A price a provider reported; malformed or impossible figures stay empty (the raw report is in the event). */
    private static java.math.BigDecimal amount(String value) {
        try {
            return value == null || value.isBlank() ? null : EsmsVoiceStatus.plausiblePrice(new java.math.BigDecimal(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
    }
}
