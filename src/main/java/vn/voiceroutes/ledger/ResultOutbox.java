package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Final outcomes waiting to be published: written in the transaction that made the call final, claimed a batch at a
 * time by a results publisher (several nodes side by side), and marked emitted once every sink has them.
 */
public class ResultOutbox {

    /** How long a publisher's claim of a batch holds: publishing a batch takes well under it, unlike placing calls. */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(1);

    private final LedgerDatabase db;

    public ResultOutbox(LedgerDatabase db) {
        this.db = db;
    }

    /** What every final transition sets beside its status and reason: when it ended, and no node holds it any more. */
    static final String ENDED = "finished_at = now(), updated_at = now(), " + Claims.RELEASE;

    /**
     * Queues the result of each call that {@code source} names (a CTE of the statement that made them final, with a
     * request_id column), once: written in the transaction that made the call final, so a result is never lost nor
     * queued twice.
     */
    static String queueingResultsOf(String source) {
        return "insert into result_outbox (request_id) select request_id from " + source + " on conflict (request_id) do nothing";
    }

    /** Queues the results of these calls, just made final in this transaction (ENDED). */
    static void queueResults(java.sql.Connection connection, java.util.Collection<String> requestIds) throws java.sql.SQLException {
        if (!requestIds.isEmpty()) {
            Sql.update(connection, queueingResultsOf("unnest(?::varchar[]) as final(request_id)"), Sql.texts(connection, requestIds));
        }
    }

    /** A final outcome to publish; claimedBefore: an earlier claim may have published it already. */
    public record PendingResult(long id, String requestId, CallRecord call, boolean claimedBefore) {
    }

    /**
     * Claims a batch of pending results for the sinks (a lease, so several nodes can publish side by side); this node's
     * own unfinished claims too (it crashed while publishing them).
     */
    public List<PendingResult> claimPendingResults(int limit) {
        return db.inTransaction(connection -> {
            List<PendingResult> results = new ArrayList<>();
            try (PreparedStatement claim = Sql.prepared(connection, """
                    update result_outbox o set TAKE, claims = claims + 1
                     where o.id in (select id from result_outbox r
                                     where emitted_at is null and FREE
                                     order by id limit ? for update skip locked)
                    returning o.id, o.request_id, o.claims""".replace("TAKE", Claims.TAKE).replace("FREE", Claims.free("r")),
                    // a node restarted after a crash publishes what it had claimed at once, not a lease later (its
                    // publisher never overlaps itself); the claim count tells the sinks to check before writing again
                    Claims.takeFor(db, LEASE), Claims.freeFor(db, LEASE, connection), limit)) {
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
            try (PreparedStatement select = connection.prepareStatement(LedgerDatabase.SELECT_CALL + " where request_id = any(?)")) {
                select.setArray(1, connection.createArrayOf("varchar", results.stream().map(PendingResult::requestId).toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CallRecord call = LedgerDatabase.callRecord(rows);
                        calls.put(call.requestId(), call);
                    }
                }
            }
            List<PendingResult> withCalls = new ArrayList<>(results.size());
            List<Long> erased = new ArrayList<>();
            for (PendingResult pending : results) {
                CallRecord call = calls.get(pending.requestId());
                if (call != null && call.phone().startsWith(SubjectKey.PREFIX)) {
                    // its number was erased while it waited for its outcome: what is left of it is published nowhere
                    erased.add(pending.id());
                    continue;
                }
                withCalls.add(new PendingResult(pending.id(), pending.requestId(), call, pending.claimedBefore()));
            }
            if (!erased.isEmpty()) {
                markEmitted(connection, erased);
            }
            withCalls.sort((a, b) -> Long.compare(a.id(), b.id()));
            return withCalls;
        });
    }

    public void markResultsEmitted(List<Long> outboxIds) {
        db.inTransaction(connection -> {
            markEmitted(connection, outboxIds);
            return null;
        });
    }

    private static void markEmitted(java.sql.Connection connection, List<Long> outboxIds) throws java.sql.SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update result_outbox set emitted_at = now(), " + Claims.RELEASE + " where id = any(?)")) {
            update.setArray(1, connection.createArrayOf("bigint", outboxIds.toArray()));
            update.executeUpdate();
        }
    }
}
