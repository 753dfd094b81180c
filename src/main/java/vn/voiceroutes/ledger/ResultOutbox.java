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

    private final LedgerDatabase db;

    public ResultOutbox(LedgerDatabase db) {
        this.db = db;
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
            try (PreparedStatement claim = connection.prepareStatement("""
                    update result_outbox o set claimed_by = ?, claimed_until = now() + interval '1 minute', claims = claims + 1
                     where o.id in (select id from result_outbox
                                     where emitted_at is null
                                       and (claimed_until is null or claimed_until < now()
                                            or (claimed_by = ? and claimed_until - interval '1 minute' < ?::timestamptz))
                                     order by id limit ? for update skip locked)
                    returning o.id, o.request_id, o.claims""")) {
                claim.setString(1, db.nodeId());
                // a node restarted after a crash publishes what it had claimed at once, not a minute later (its
                // publisher never overlaps itself); the claim count tells the sinks to check before writing again
                claim.setString(2, db.nodeId());
                claim.setObject(3, db.startedAt(connection));
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
                "update result_outbox set emitted_at = now(), claimed_by = null, claimed_until = null where id = any(?)")) {
            update.setArray(1, connection.createArrayOf("bigint", outboxIds.toArray()));
            update.executeUpdate();
        }
    }
}
