package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Webhook events waiting to be delivered, and their deliveries: an event is kept here (webhook_event) in the
 * transaction that decides it, then claimed for delivery a few at a time per URL (at most max-in-flight claimed at
 * once, across nodes: the claim takes a lock per URL), and marked delivered, retried later, or dead with the
 * receiver's answer. The id of an event is derived from what it tells (its type and the call, attempt or campaign),
 * so queueing it again changes nothing and every resend carries the same id.
 */
public class WebhookOutbox {

    public static final String CALL_COMPLETED = "call.completed";
    public static final String CALL_ATTEMPTED = "call.attempted";
    public static final String CAMPAIGN_COMPLETED = "campaign.completed";

    private static final String PENDING = "delivered_at is null and dead_at is null";

    /** An event as the outbox keeps it: the body is the JSON envelope, signed and sent as it is. */
    public record Event(UUID id, String type, String channel, String body) {
    }

    /** An event claimed for one delivery attempt. */
    public record Delivery(UUID id, String type, String channel, String body, int tries, Instant createdAt) {
        public String eventId() {
            return id.toString();
        }
    }

    private final LedgerDatabase db;
    private final Duration maxAge;
    private final Duration lease;
    private final Duration liveWithin;

    /**
     * lease: how long a delivery's claim holds (its timeout and some), after which another node may send it again;
     * liveWithin: a node that has not beaten for this long is taken as gone, its claims free (three heartbeats).
     */
    public WebhookOutbox(LedgerDatabase db, Duration maxAge, Duration lease, Duration liveWithin) {
        this.db = db;
        this.maxAge = maxAge;
        this.lease = lease;
        this.liveWithin = liveWithin;
    }

    /** The id of the event of this type about this subject (a call, a call's attempt, a campaign): always the same. */
    public static UUID eventId(String type, String subject) {
        return UUID.nameUUIDFromBytes(("voice-routes/" + type + "/" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** The envelope: id, type, createdAt, data. */
    public static Event event(String type, String subject, String channel, JsonNode data, java.time.OffsetDateTime createdAt) {
        UUID id = eventId(type, subject);
        ObjectNode envelope = CallQueue.JSON.createObjectNode();
        envelope.put("id", id.toString());
        envelope.put("type", type);
        envelope.put("createdAt", createdAt.toString());
        envelope.set("data", data);
        return new Event(id, type, channel, envelope.toString());
    }

    public int queue(List<Event> events) {
        if (events.isEmpty()) {
            return 0;
        }
        return db.inTransaction(connection -> queue(connection, events));
    }

    int queue(Connection connection, List<Event> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into webhook_event (event_id, type, channel, body, expires_at)
                select e.id, e.type, e.channel, e.body, now() + ?::interval
                  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as e(id, type, channel, body)
                on conflict (event_id) do nothing""")) {
            insert.setString(1, LedgerDatabase.interval(maxAge));
            insert.setArray(2, connection.createArrayOf("uuid", events.stream().map(Event::id).toArray()));
            insert.setArray(3, connection.createArrayOf("text", events.stream().map(Event::type).toArray()));
            insert.setArray(4, connection.createArrayOf("text", events.stream().map(Event::channel).toArray()));
            insert.setArray(5, connection.createArrayOf("text", events.stream().map(Event::body).toArray()));
            return insert.executeUpdate();
        }
    }

    /**
     * Claims up to {@code count} due deliveries of one URL (the channels whose events go to it), as many as leave at
     * most {@code maxInFlight} of them claimed at once by live nodes. The lock per URL makes two nodes' claims wait for
     * each other, so neither counts the other's slots as free. A claim of a node that stopped beating (killed) holds no
     * slot and its event is claimed again at once (LIVE_CLAIM): it is sent again under the same id.
     */
    public List<Delivery> claim(String url, List<String> channels, int maxInFlight, int count) {
        return db.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey(url));
                lock.execute();
            }
            List<Delivery> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update webhook_event e set TAKE, tries = tries + 1
                     where e.event_id in (
                        select event_id from webhook_event w
                         where PENDING and channel = any(?) and next_attempt_at <= now() and not (LIVE_CLAIM)
                         order by next_attempt_at
                         limit least(?, greatest(? - (select count(*) from webhook_event w
                                                       where PENDING and channel = any(?) and (LIVE_CLAIM)), 0))
                         for update skip locked)
                    returning e.event_id, e.type, e.channel, e.body, e.tries, e.created_at"""
                    .replace("TAKE", Claims.TAKE).replace("PENDING", PENDING).replace("LIVE_CLAIM", LIVE_CLAIM))) {
                java.sql.Array channelArray = connection.createArrayOf("varchar", channels.toArray());
                String beats = LedgerDatabase.interval(liveWithin);
                int p = 1;
                claim.setString(p++, db.nodeId());
                claim.setString(p++, LedgerDatabase.interval(lease));
                claim.setArray(p++, channelArray);
                claim.setString(p++, db.nodeId());
                claim.setString(p++, beats);
                claim.setInt(p++, count);
                claim.setInt(p++, maxInFlight);
                claim.setArray(p++, channelArray);
                claim.setString(p++, db.nodeId());
                claim.setString(p++, beats);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Delivery(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getInt(5), rows.getTimestamp(6).toInstant()));
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * Whether delivery w is in flight: claimed, the claim not run out, and its node this one or one still beating
     * (node_heartbeat, LiveNodes). Parameters: this node's id, the heartbeats' window.
     */
    private static final String LIVE_CLAIM = """
            w.claimed_until is not null and w.claimed_until >= now()
            and (coalesce(w.claimed_by = ?, false) or exists (select 1 from node_heartbeat h
                                                               where h.node_id = w.claimed_by and h.seen_at > now() - ?::interval))""";

    private static long lockKey(String url) {
        // a fixed high word keeps the webhook locks apart from any other advisory lock
        return (0x766f6963L << 32) | (url.hashCode() & 0xffffffffL);
    }

    public void delivered(UUID id, int status) {
        db.autocommit(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update webhook_event set delivered_at = now(), last_status = ?, last_error = null,
                                             claimed_by = null, claimed_until = null
                     where event_id = ? and PENDING""".replace("PENDING", PENDING))) {
                update.setInt(1, status);
                update.setObject(2, id);
                return update.executeUpdate();
            }
        });
    }

    /**
     * A delivery that may succeed later: tried again after {@code delay}, unless that is past the event's age limit,
     * when it is dead with this last answer. True: it will be tried again.
     */
    public boolean retryLater(UUID id, Integer status, String error, Duration delay) {
        return db.autocommit(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update webhook_event set last_status = ?, last_error = ?, claimed_by = null, claimed_until = null,
                           next_attempt_at = now() + ?::interval,
                           dead_at = case when now() + ?::interval > expires_at then now() end
                     where event_id = ? and PENDING
                    returning dead_at is null""".replace("PENDING", PENDING))) {
                if (status == null) {
                    update.setNull(1, java.sql.Types.INTEGER);
                } else {
                    update.setInt(1, status);
                }
                update.setString(2, error);
                update.setString(3, LedgerDatabase.interval(delay));
                update.setString(4, LedgerDatabase.interval(delay));
                update.setObject(5, id);
                try (ResultSet row = update.executeQuery()) {
                    return !row.next() || row.getBoolean(1);
                }
            }
        });
    }

    /** A delivery the receiver refused for good (a 4xx other than 408 and 429): dead at once with its answer. */
    public void dead(UUID id, int status, String error) {
        db.autocommit(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update webhook_event set dead_at = now(), last_status = ?, last_error = ?, claimed_by = null, claimed_until = null
                     where event_id = ? and PENDING""".replace("PENDING", PENDING))) {
                update.setInt(1, status);
                update.setString(2, error);
                update.setObject(3, id);
                return update.executeUpdate();
            }
        });
    }

    /** The dead deliveries, newest first: event id, type, channel, when created and given up, tries, last answer. */
    public List<Map<String, Object>> deadDeliveries(int limit) {
        return db.autocommit(connection -> {
            List<Map<String, Object>> dead = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select event_id, type, channel, created_at, dead_at, tries, last_status, last_error from webhook_event
                     where dead_at is not null order by dead_at desc limit ?""")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("id", rows.getString(1));
                        row.put("type", rows.getString(2));
                        row.put("channel", rows.getString(3));
                        row.put("createdAt", rows.getTimestamp(4).toInstant().toString());
                        row.put("deadAt", rows.getTimestamp(5).toInstant().toString());
                        row.put("tries", rows.getInt(6));
                        row.put("lastStatus", rows.getObject(7));
                        row.put("lastError", rows.getString(8));
                        dead.add(row);
                    }
                }
            }
            return dead;
        });
    }

    /** Dead deliveries sent again from now, with a new age limit: one (its event id) or all ("all"). How many. */
    public int replay(String id) {
        return db.autocommit(connection -> {
            boolean all = "all".equals(id);
            try (PreparedStatement update = connection.prepareStatement("""
                    update webhook_event set dead_at = null, next_attempt_at = now(), expires_at = now() + ?::interval,
                           claimed_by = null, claimed_until = null
                     where dead_at is not null""" + (all ? "" : " and event_id = ?::uuid"))) {
                update.setString(1, LedgerDatabase.interval(maxAge));
                if (!all) {
                    update.setString(2, id);
                }
                return update.executeUpdate();
            }
        });
    }

    /** What waits: events not delivered yet, the age of the oldest in seconds (0: none), and the dead ones. */
    public record Backlog(long pending, double oldestSeconds, long dead) {
    }

    public Backlog backlog() {
        return db.autocommit(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select (select count(*) from webhook_event where PENDING),
                           (select coalesce(extract(epoch from now() - min(created_at)), 0) from webhook_event where PENDING),
                           (select count(*) from webhook_event where dead_at is not null)""".replace("PENDING", PENDING));
                    ResultSet row = select.executeQuery()) {
                row.next();
                return new Backlog(row.getLong(1), row.getDouble(2), row.getLong(3));
            }
        });
    }
}
