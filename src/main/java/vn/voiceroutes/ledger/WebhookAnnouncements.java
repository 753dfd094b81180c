package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the ledger tells the webhook receivers besides each call's result: the attempts of redialled calls as they
 * end (call.attempted) and the campaigns once they are complete (campaign.completed), each found by whichever node
 * looks first (SKIP LOCKED), queued in the webhook outbox and marked told in the same transaction: told once.
 * Only what ended within voice.webhook.max-age-ms: turning webhooks on does not tell the past.
 */
public class WebhookAnnouncements {

    private final LedgerDatabase db;
    private final WebhookOutbox outbox;
    private final Duration maxAge;
    private final java.time.ZoneId zone;

    public WebhookAnnouncements(LedgerDatabase db, WebhookOutbox outbox, Duration maxAge, java.time.ZoneId zone) {
        this.db = db;
        this.outbox = outbox;
        this.maxAge = maxAge;
        this.zone = zone;
    }

    /**
     * The attempts of redialled calls of these channels that ended since they were last looked at (call.attempted,
     * the last attempt excepted: it is told with the call's result), each once, at most {@code limit} at a time.
     */
    public int announceAttempts(List<String> channels, int limit) {
        return db.inTransaction(connection -> {
            List<WebhookOutbox.Event> events = new ArrayList<>();
            List<Object[]> keys = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select a.request_id, a.attempt, c.channel, c.phone, c.max_attempts, a.status, a.reason, a.provider_ref,
                           a.duration_seconds, a.price, a.submitted_at, a.finished_at, a.redial_at
                      from call_attempt a join call_request c using (request_id)
                     where a.announced_at is null and a.finished_at > now() - ?::interval and c.channel = any(?)
                     order by a.finished_at limit ? for update of a skip locked""")) {
                select.setString(1, LedgerDatabase.interval(maxAge));
                select.setArray(2, connection.createArrayOf("varchar", channels.toArray()));
                select.setInt(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ObjectNode data = CallQueue.JSON.createObjectNode();
                        data.put("requestId", rows.getString(1));
                        data.put("channel", rows.getString(3));
                        data.put("phone", rows.getString(4));
                        data.put("attempt", rows.getInt(2));
                        data.put("attempts", rows.getInt(5));
                        data.put("status", rows.getString(6));
                        putText(data, "reason", rows.getString(7));
                        putText(data, "providerRef", rows.getString(8));
                        if (rows.getObject(9) != null) {
                            data.put("durationSeconds", rows.getInt(9));
                        }
                        if (rows.getBigDecimal(10) != null) {
                            data.put("price", rows.getBigDecimal(10));
                        }
                        putTime(data, "submittedAt", rows.getTimestamp(11));
                        putTime(data, "finishedAt", rows.getTimestamp(12));
                        putTime(data, "nextAttemptAt", rows.getTimestamp(13));
                        events.add(WebhookOutbox.event(WebhookOutbox.CALL_ATTEMPTED, rows.getString(1) + "/" + rows.getInt(2), rows.getString(3), data,
                                rows.getTimestamp(12).toInstant().atZone(zone).toOffsetDateTime()));
                        keys.add(new Object[] {rows.getString(1), rows.getInt(2)});
                    }
                }
            }
            if (events.isEmpty()) {
                return 0;
            }
            outbox.queue(connection, events);
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_attempt a set announced_at = now() from unnest(?::varchar[], ?::integer[]) as k(request_id, attempt)
                     where a.request_id = k.request_id and a.attempt = k.attempt""")) {
                update.setArray(1, connection.createArrayOf("varchar", keys.stream().map(k -> k[0]).toArray()));
                update.setArray(2, connection.createArrayOf("int4", keys.stream().map(k -> k[1]).toArray()));
                update.executeUpdate();
            }
            return events.size();
        });
    }

    /**
     * The campaigns of these channels whose calls are all final and published (a file read to its end; a queue's
     * day over), each told once (campaign.completed) with its counts by status and its report's address, at most
     * {@code limit} at a time. A paused campaign is not complete; a queue's campaign is complete once its day is over.
     */
    public int announceCampaigns(List<String> channels, int limit) {
        return db.inTransaction(connection -> {
            // each complete campaign's data, then its counts: the event is made once it has both
            Map<String, ObjectNode> campaigns = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select m.campaign_id, m.name, m.channel, m.kind, m.state from campaign m
                     where m.completed_event_at is null and m.created_at > now() - ?::interval and m.channel = any(?)
                       and m.state in ('RUNNING', 'STOPPED')
                       and case when m.kind = 'file' then exists (select 1 from call_batch b where b.batch_id = m.campaign_id)
                                when m.kind = 'queue' then right(m.campaign_id, 10) < to_char(now() at time zone ?, 'YYYY-MM-DD')
                                else false end
                       and not exists (select 1 from call_request r where r.campaign_id = m.campaign_id
                                          and r.status in ('QUEUED', 'HELD', 'SUBMITTED'))
                       and not exists (select 1 from call_request r join result_outbox o using (request_id)
                                        where r.campaign_id = m.campaign_id and o.emitted_at is null)
                     order by m.created_at limit ? for update of m skip locked""")) {
                select.setString(1, LedgerDatabase.interval(maxAge));
                select.setArray(2, connection.createArrayOf("varchar", channels.toArray()));
                select.setString(3, zone.getId());
                select.setInt(4, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ObjectNode data = CallQueue.JSON.createObjectNode();
                        data.put("campaignId", rows.getString(1));
                        data.put("name", rows.getString(2));
                        data.put("channel", rows.getString(3));
                        data.put("kind", rows.getString(4));
                        data.put("state", Campaigns.RUNNING.equals(rows.getString(5)) ? Campaigns.COMPLETED : rows.getString(5));
                        campaigns.put(rows.getString(1), data);
                    }
                }
            }
            if (campaigns.isEmpty()) {
                return 0;
            }
            List<WebhookOutbox.Event> told = new ArrayList<>();
            List<String> ids = new ArrayList<>(campaigns.keySet());
            try (PreparedStatement counts = connection.prepareStatement(
                    "select status, count(*) from call_request where campaign_id = ? group by status order by status")) {
                for (Map.Entry<String, ObjectNode> campaign : campaigns.entrySet()) {
                    counts.setString(1, campaign.getKey());
                    Map<String, Long> byStatus = new LinkedHashMap<>();
                    long total = 0;
                    try (ResultSet rows = counts.executeQuery()) {
                        while (rows.next()) {
                            byStatus.put(rows.getString(1), rows.getLong(2));
                            total += rows.getLong(2);
                        }
                    }
                    ObjectNode data = campaign.getValue();
                    data.put("calls", total);
                    data.set("counts", CallQueue.JSON.valueToTree(byStatus));
                    data.put("report", "/api/batches/" + java.net.URLEncoder.encode(campaign.getKey(), StandardCharsets.UTF_8).replace("+", "%20") + "/report");
                    told.add(WebhookOutbox.event(WebhookOutbox.CAMPAIGN_COMPLETED, campaign.getKey(), data.get("channel").asText(), data,
                            Instant.now().atZone(zone).toOffsetDateTime()));
                }
            }
            outbox.queue(connection, told);
            try (PreparedStatement update = connection.prepareStatement(
                    "update campaign set completed_event_at = now() where campaign_id = any(?)")) {
                update.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
                update.executeUpdate();
            }
            return told.size();
        });
    }

    private static void putText(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private void putTime(ObjectNode node, String name, Timestamp value) {
        if (value != null) {
            node.put(name, value.toInstant().atZone(zone).toOffsetDateTime().toString());
        }
    }
}
