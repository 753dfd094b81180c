package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.model.CallRequest;

/**
 * The calls of a batched channel (VBot's campaigns): held while the calling window is closed, claimed together and
 * grouped into campaigns (by input, and by the values of the grouping parameters: the provider's template), marked
 * as being sent, and the provider's answer recorded for every call of a campaign.
 */
public class CampaignLedger {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignLedger.class);

    private final LedgerDatabase db;
    private final String provider;
    private final List<String> grouping;
    private final CallingRules rules;

    /**
     * provider: its name in reasons and the log; grouping: the request parameters whose values a campaign's calls
     * share, the first one naming the provider's template (VBot: the template campaign, the auto-call script).
     */
    public CampaignLedger(LedgerDatabase db, String provider, List<String> grouping, CallingRules rules) {
        this.db = db;
        this.rules = rules;
        this.provider = provider;
        this.grouping = List.copyOf(grouping);
    }

    /**
     * Claims the QUEUED calls of a batched channel that are ready to go: those of files read to their end, and
     * those that came one by one (queue messages), and groups them into campaigns of at most {@code size} calls by
     * input and campaign template; at most {@code maxCalls} at a time, so that sending them takes less than the claim
     * lease (another node would take them again after it).
     */
    public List<CampaignBatch> claimCampaigns(String channel, int size, int maxCalls) {
        return db.inTransaction(connection -> {
            // A claim never cleared whose request had gone out (markSending) was a node's that stopped before VBot's
            // answer was recorded: VBot may have the calls, and it cannot tell a campaign sent again from a new one
            // (every phone would ring twice). They are not sent again: SUBMITTED without a reference, finished by
            // VBot's webhook or call history (found by phone), else expired like any call whose outcome never comes.
            // The calls of that flush whose request had not gone out are claimed again below.
            List<String> unconfirmed = Sql.strings(connection, """
                    update call_request r set status = 'SUBMITTED', submitted_at = now(), next_poll_at = now() + ?::interval,
                                              last_error = 'sent by ' || claimed_by || ', which stopped before ' || ? || '''s answer was '
                                                  || 'recorded: not sent again, as ' || ? || ' cannot tell a repeat',
                                              RELEASE, send_started_at = null, updated_at = now()
                     where status in ('QUEUED', 'HELD') and channel = ? and send_started_at is not null and FREE
                    returning request_id""".replace("RELEASE", Claims.RELEASE).replace("FREE", Claims.free("r")),
                    LedgerDatabase.interval(db.pollAfter()), provider, provider, channel, Claims.freeFor(db, db.claimLease(), connection));
            if (!unconfirmed.isEmpty()) {
                LOG.warn("{} {} calls were being sent to {} by a node that stopped before its answer was recorded "
                        + "(e.g. {}): not sent again; their outcome comes from {}'s reports (found by phone), else they expire",
                        unconfirmed.size(), channel, provider, unconfirmed.get(0), provider);
            }
            Map<String, List<CallRequest>> groups = new java.util.LinkedHashMap<>();
            Map<String, String> names = new java.util.HashMap<>();
            try (PreparedStatement claim = Sql.prepared(connection, """
                    update call_request c set TAKE, attempts = attempts + 1
                     where c.request_id in (select r.request_id from call_request r
                                             where r.status in ('QUEUED', 'HELD') and r.channel = ? and FREE
                                               and (r.next_attempt_at is null or r.next_attempt_at <= now())
                                               and r.dead_lettered_at is null
                                               and (r.batch_id is null or exists (select 1 from call_batch b where b.batch_id = r.batch_id))
                                               and NOT_PAUSED and NOT_EXPIRED
                                             order by r.created_at, r.source_record limit ? for update skip locked)
                    returning c.request_json, c.batch_id, c.source_name, c.attempt"""
                    .replace("TAKE", Claims.TAKE).replace("FREE", Claims.free("r"))
                    .replace("NOT_PAUSED", Campaigns.NOT_PAUSED).replace("NOT_EXPIRED", DueTimes.NOT_EXPIRED),
                    Claims.takeFor(db, db.claimLease()), channel, Claims.freeFor(db, db.claimLease(), connection), maxCalls)) {
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        CallRequest request = CallQueue.JSON.readValue(rows.getString(1), CallRequest.class);
                        // which attempt goes out now (a redial's goes under a reference of its own)
                        request.setAttempt(rows.getInt(4));
                        // one campaign per input and template: the campaign API's template campaign, the auto-call script
                        StringBuilder key = new StringBuilder(String.valueOf(rows.getString(2)));
                        grouping.forEach(name -> key.append('|').append(request.param(name)));
                        groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(request);
                        names.putIfAbsent(key.toString(), rows.getString(3) == null ? "queue" : rows.getString(3));
                    }
                }
            } catch (java.io.IOException e) {
                throw new SQLException("A held request cannot be read back", e);
            }
            // a number listed since its call was registered: withdrawn, not sent; a stopped campaign's call: cancelled
            for (Map.Entry<String, List<CallRequest>> group : groups.entrySet()) {
                group.setValue(new ArrayList<>(rules.withdrawListed(connection, Campaigns.withdrawStopped(connection, group.getValue()))));
            }
            groups.values().removeIf(List::isEmpty);
            List<CampaignBatch> campaigns = new ArrayList<>();
            groups.forEach((key, requests) -> {
                requests.sort(java.util.Comparator.comparing(r -> r.getSource() == null || r.getSource().record() == null ? 0L : r.getSource().record()));
                for (int from = 0; from < requests.size(); from += size) {
                    String name = "voice-routes " + names.get(key) + " " + java.time.LocalDate.now() + (requests.size() > size ? " part " + (from / size + 1) : "");
                    campaigns.add(new CampaignBatch(name, requests.get(from).param(grouping.get(0)),
                            List.copyOf(requests.subList(from, Math.min(from + size, requests.size())))));
                }
            });
            return campaigns;
        });
    }

    /**
     * The request carrying these calls is about to go out to VBot: from now on, should this node stop before VBot's
     * answer is recorded, they are not sent again (claimCampaigns). Only the calls this node still holds the claim of.
     * A reference known before the request leaves (the campaign's references: a redial attempt's external_call_id)
     * is kept now, so that a report coming before VBot's answer is recorded finds its call.
     */
    public void markSending(CampaignBatch campaign) {
        if (campaign == null) {
            return; // a request not sent by a flush: no claims to mark
        }
        db.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request c set send_started_at = now(), provider_ref = coalesce(c.provider_ref, s.reference)
                      from unnest(?::varchar[], ?::varchar[]) as s(request_id, reference)
                     where c.request_id = s.request_id and c.claimed_by = ? and c.status in ('QUEUED', 'HELD')""")) {
                update.setArray(1, connection.createArrayOf("varchar",
                        campaign.calls().stream().map(CallRequest::getRequestId).toArray()));
                update.setArray(2, connection.createArrayOf("varchar",
                        campaign.calls().stream().map(call -> campaign.references().get(call.getRequestId())).toArray()));
                update.setString(3, db.nodeId());
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
        return db.inTransaction(connection -> {
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
    public void recordCampaignAnswer(CampaignBatch campaign, CampaignAnswer answer) {
        db.inTransaction(connection -> {
            for (CallRequest call : campaign.calls()) {
                if (answer.accepted()) {
                    Sql.update(connection, """
                            update call_request set status = 'SUBMITTED', provider_ref = coalesce(provider_ref, ?), provider_code = ?,
                                                    submitted_at = now(), next_poll_at = now() + ?::interval,
                                                    RELEASE, updated_at = now()
                             where request_id = ? and status in ('QUEUED', 'HELD')""".replace("RELEASE", Claims.RELEASE),
                            answer.referenceOf(call.getRequestId()), answer.error(), LedgerDatabase.interval(db.pollAfter()),
                            call.getRequestId());
                } else {
                    Sql.update(connection, """
                            with rejected as (
                                update call_request set status = 'REJECTED', provider_code = ?, reason = ?, ENDED
                                 where request_id = ? and status in ('QUEUED', 'HELD')
                                returning request_id)
                            QUEUE_RESULTS""".replace("ENDED", ResultOutbox.ENDED)
                            .replace("QUEUE_RESULTS", ResultOutbox.queueingResultsOf("rejected")),
                            answer.error(), provider + " " + answer.error() + ": " + answer.message(), call.getRequestId());
                }
            }
            return null;
        });
    }
}
