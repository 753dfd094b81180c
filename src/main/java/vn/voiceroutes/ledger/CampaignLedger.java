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
            try (PreparedStatement unconfirmed = connection.prepareStatement("""
                    update call_request set status = 'SUBMITTED', submitted_at = now(), next_poll_at = now() + ?::interval,
                                            last_error = 'sent by ' || claimed_by || ', which stopped before ' || ? || '''s answer was '
                                                || 'recorded: not sent again, as ' || ? || ' cannot tell a repeat',
                                            claimed_by = null, claimed_until = null, send_started_at = null, updated_at = now()
                     where status in ('QUEUED', 'HELD') and channel = ? and send_started_at is not null
                       and (claimed_until < now() or (claimed_by = ? and claimed_until - ?::interval < ?::timestamptz))
                    returning request_id""")) {
                unconfirmed.setString(1, LedgerDatabase.interval(db.pollAfter()));
                unconfirmed.setString(2, provider);
                unconfirmed.setString(3, provider);
                unconfirmed.setString(4, channel);
                unconfirmed.setString(5, db.nodeId());
                unconfirmed.setString(6, LedgerDatabase.interval(db.claimLease()));
                unconfirmed.setObject(7, db.startedAt(connection));
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = unconfirmed.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                if (!ids.isEmpty()) {
                    LOG.warn("{} {} calls were being sent to {} by a node that stopped before its answer was recorded "
                            + "(e.g. {}): not sent again; their outcome comes from {}'s reports (found by phone), else they expire",
                            ids.size(), channel, provider, ids.get(0), provider);
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
                                               and """ + Campaigns.NOT_PAUSED + " and " + DueTimes.NOT_EXPIRED + """
                                             order by r.created_at, r.source_record limit ? for update skip locked)
                    returning c.request_json, c.batch_id, c.source_name, c.attempt""")) {
                claim.setString(1, db.nodeId());
                claim.setString(2, LedgerDatabase.interval(db.claimLease()));
                claim.setString(3, channel);
                // a node restarted after a crash takes back at once what it claimed before it started
                claim.setString(4, db.nodeId());
                claim.setString(5, LedgerDatabase.interval(db.claimLease()));
                claim.setObject(6, db.startedAt(connection));
                claim.setInt(7, maxCalls);
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
                    try (PreparedStatement update = connection.prepareStatement("""
                            update call_request set status = 'SUBMITTED', provider_ref = coalesce(provider_ref, ?), provider_code = ?,
                                                    submitted_at = now(), next_poll_at = now() + ?::interval,
                                                    claimed_by = null, claimed_until = null, updated_at = now()
                             where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                        update.setString(1, answer.referenceOf(call.getRequestId()));
                        update.setString(2, answer.error());
                        update.setString(3, LedgerDatabase.interval(db.pollAfter()));
                        update.setString(4, call.getRequestId());
                        update.executeUpdate();
                    }
                } else {
                    try (PreparedStatement update = connection.prepareStatement("""
                            update call_request set status = 'REJECTED', provider_code = ?, reason = ?, finished_at = now(),
                                                    claimed_by = null, claimed_until = null, updated_at = now()
                             where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                        update.setString(1, answer.error());
                        update.setString(2, provider + " " + answer.error() + ": " + answer.message());
                        update.setString(3, call.getRequestId());
                        if (update.executeUpdate() == 1) {
                            LedgerDatabase.queueResult(connection, call.getRequestId());
                        }
                    }
                }
            }
            return null;
        });
    }
}
