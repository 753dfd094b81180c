package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.model.CallRequest;

/**
 * Campaigns: what one dropped file, or one queue's day of messages, registers, run as one by operators. RUNNING
 * until paused (no node claims its calls; those with the provider go on; rows still being read are registered and
 * wait), resumed, or stopped (its calls not placed end CANCELLED, as a file's cancel does; a call registered into it
 * later too). COMPLETED is not kept: it is a RUNNING campaign whose calls are all final (ConsoleQueries).
 */
public class Campaigns {

    private static final Logger LOG = LoggerFactory.getLogger(Campaigns.class);

    public static final String RUNNING = "RUNNING";
    public static final String PAUSED = "PAUSED";
    public static final String STOPPED = "STOPPED";
    public static final String COMPLETED = "COMPLETED";

    /** The reason a stopped campaign's calls end CANCELLED with (as a file's cancel: "cancelled by operator"). */
    public static final String STOPPED_REASON = "cancelled by operator";

    /** What the dispatchers add to their claims: no call of a PAUSED campaign (reads campaign_not_running). */
    static final String NOT_PAUSED = """
            (r.campaign_id is null or not exists (select 1 from campaign k
                                                   where k.campaign_id = r.campaign_id and k.state = 'PAUSED'))""";

    private final LedgerDatabase db;

    public Campaigns(LedgerDatabase db) {
        this.db = db;
    }

    /** One campaign's state as operators set it, and when and by whom. */
    public record State(String id, String name, String channel, String kind, String state, java.time.Instant changedAt, String changedBy) {
    }

    /** A campaign operators asked for that the ledger does not hold. */
    public static final class UnknownCampaignException extends RuntimeException {
        public UnknownCampaignException(String id) {
            super("No campaign " + id);
        }
    }

    /** A campaign cannot go from its state to the one asked (a stopped campaign is not resumed). */
    public static final class StateException extends RuntimeException {
        public StateException(String message) {
            super(message);
        }
    }

    /**
     * Calls just registered in this transaction join their campaigns (created as they first appear). Those of a
     * STOPPED campaign end CANCELLED at once, published like any outcome; their RequestIds are returned.
     */
    static Set<String> join(Connection connection, List<CallRequest> registered) throws SQLException {
        Map<String, CallRequest> first = new LinkedHashMap<>();
        for (CallRequest call : registered) {
            if (call.getCampaign() != null) {
                first.putIfAbsent(call.getCampaign().id(), call);
            }
        }
        if (first.isEmpty()) {
            return Set.of();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into campaign (campaign_id, name, channel, kind) values (?, ?, ?, ?) on conflict (campaign_id) do nothing""")) {
            for (CallRequest call : first.values()) {
                insert.setString(1, call.getCampaign().id());
                insert.setString(2, call.getCampaign().name());
                insert.setString(3, call.getChannel());
                insert.setString(4, call.getSource() == null ? "api" : call.getSource().type());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return cancelStopped(connection, registered, "registered after its campaign was stopped");
    }

    /**
     * Of calls just claimed, those of a campaign stopped since (a call being sent as the campaign stopped, put back
     * afterwards) end CANCELLED instead; the rest are returned, in their order.
     */
    static List<CallRequest> withdrawStopped(Connection connection, List<CallRequest> claimed) throws SQLException {
        if (claimed.stream().noneMatch(call -> call.getCampaign() != null)) {
            return claimed;
        }
        Set<String> cancelled = cancelStopped(connection, claimed, "its campaign was stopped");
        if (cancelled.isEmpty()) {
            return claimed;
        }
        return claimed.stream().filter(call -> !cancelled.contains(call.getRequestId())).toList();
    }

    /** Of these calls, those of a STOPPED campaign not placed end CANCELLED and their results are queued; their ids. */
    private static Set<String> cancelStopped(Connection connection, List<CallRequest> calls, String why) throws SQLException {
        List<String> cancelled = Sql.strings(connection, """
                update call_request c set status = 'CANCELLED', reason = ?, last_error = ?, ENDED
                 where c.request_id = any(?) and c.status in ('QUEUED', 'HELD')
                   and exists (select 1 from campaign k where k.campaign_id = c.campaign_id and k.state = 'STOPPED')
                returning c.request_id""".replace("ENDED", ResultOutbox.ENDED),
                STOPPED_REASON, why, Sql.texts(connection, calls.stream().map(CallRequest::getRequestId).toList()));
        ResultOutbox.queueResults(connection, cancelled);
        return new HashSet<>(cancelled);
    }

    /** Pauses a RUNNING campaign (a PAUSED one stays so); the state it had. */
    public String pause(String id, String by) {
        return change(id, PAUSED, Set.of(RUNNING, PAUSED), by);
    }

    /** Resumes a PAUSED campaign (a RUNNING one stays so); the state it had. */
    public String resume(String id, String by) {
        return change(id, RUNNING, Set.of(RUNNING, PAUSED), by);
    }

    /** What stopping a campaign did: the state it had and how many of its calls were cancelled. */
    public record Stopped(String previous, int cancelled) {
    }

    /**
     * Stops a campaign: its calls not placed (QUEUED or HELD, not being sent this moment) end CANCELLED with the
     * reason "cancelled by operator", reported and published like any outcome; calls with the provider go on. A call
     * being sent this moment and put back, or a row of its file registered later, is cancelled as it comes.
     */
    public Stopped stop(String id, String by) {
        return db.inTransaction(connection -> {
            String previous = lockState(connection, id);
            setState(connection, id, STOPPED, by);
            List<String> cancelled = Sql.strings(connection, """
                    update call_request r set status = 'CANCELLED', reason = ?, last_error = ?, ENDED
                     where campaign_id = ? and status in ('QUEUED', 'HELD') and LAPSED
                    returning request_id""".replace("ENDED", ResultOutbox.ENDED).replace("LAPSED", Claims.lapsed("r")),
                    STOPPED_REASON, "campaign stopped by " + by, id);
            ResultOutbox.queueResults(connection, cancelled);
            LOG.info("Campaign {} stopped by {}: {} call(s) not placed cancelled", id, by, cancelled.size());
            return new Stopped(previous, cancelled.size());
        });
    }

    private String change(String id, String state, Set<String> from, String by) {
        return db.inTransaction(connection -> {
            String previous = lockState(connection, id);
            if (!from.contains(previous)) {
                throw new StateException("Campaign " + id + " is " + previous + ": it cannot be made " + state);
            }
            if (!previous.equals(state)) {
                setState(connection, id, state, by);
                LOG.info("Campaign {} {} by {}", id, PAUSED.equals(state) ? "paused" : "resumed", by);
            }
            return previous;
        });
    }

    private static String lockState(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select state from campaign where campaign_id = ? for update")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new UnknownCampaignException(id);
                }
                return row.getString(1);
            }
        }
    }

    private static void setState(Connection connection, String id, String state, String by) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update campaign set state = ?, state_changed_at = now(), state_changed_by = ? where campaign_id = ?")) {
            update.setString(1, state);
            update.setString(2, by);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    /** The campaigns not RUNNING now (few: read through campaign_not_running), for the dispatchers' send-time check. */
    public Set<String> notRunning() {
        return db.inTransaction(connection -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("select campaign_id from campaign where state <> 'RUNNING'");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }

    /** The kept state of these campaigns, by id (those the ledger does not hold are left out). */
    public Map<String, State> states(java.util.Collection<String> ids) {
        return db.inTransaction(connection -> {
            Map<String, State> states = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select campaign_id, name, channel, kind, state, state_changed_at, state_changed_by from campaign
                     where campaign_id = any(?)""")) {
                select.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        states.put(rows.getString(1), new State(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), LedgerDatabase.instant(rows.getTimestamp(6)), rows.getString(7)));
                    }
                }
            }
            return states;
        });
    }
}
