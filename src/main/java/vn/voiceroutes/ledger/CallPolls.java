package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBMITTED calls whose outcome is overdue: claimed for a status poll (nodes share them by claiming), polled again
 * later with a backoff, and expired once no outcome came within voice.poll.expire-after-ms.
 */
public class CallPolls {

    private final LedgerDatabase db;

    public CallPolls(LedgerDatabase db) {
        this.db = db;
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

    /**
     * A SUBMITTED call whose outcome is overdue, to ask its provider about: attempts counts its polls, attempt is which
     * of its redial attempts is out (1, the first).
     */
    public record PollTarget(String requestId, String channel, String providerRef, int attempts, String phone,
            java.time.Instant submittedAt, int attempt) {
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
        return db.inTransaction(connection -> {
            List<PollTarget> targets = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    update call_request c set next_poll_at = now() + ?::interval, poll_attempts = poll_attempts + 1
                     where c.request_id in (""" + POLL_DUE + """
                    ) returning c.request_id, c.channel, c.provider_ref, c.poll_attempts, c.phone, c.submitted_at, c.attempt""")) {
                claim.setString(1, LedgerDatabase.interval(db.claimLease()));
                claim.setArray(2, connection.createArrayOf("varchar", channels.toArray()));
                claim.setInt(3, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        targets.add(new PollTarget(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                                rows.getString(5), LedgerDatabase.instant(rows.getTimestamp(6)), rows.getInt(7)));
                    }
                }
            }
            return targets;
        });
    }

    /** The provider has no outcome yet: poll again after a backoff that doubles per attempt, up to 8x. */
    public void pollLater(String requestId, int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 3);
        db.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update call_request set next_poll_at = now() + ?::interval where request_id = ? and status = 'SUBMITTED'")) {
                update.setString(1, LedgerDatabase.interval(db.pollAfter().multipliedBy(factor)));
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
        return db.inTransaction(connection -> {
            // a SUBMITTED call is held by no node (its claim ended with the provider's answer): ENDED changes no claim
            List<String> expired = Sql.strings(connection, """
                    update call_request c set status = 'EXPIRED', reason = 'no outcome reported within ' || ?, ENDED
                     where c.request_id in (OVERDUE)
                    returning c.request_id""".replace("ENDED", ResultOutbox.ENDED).replace("OVERDUE", OVERDUE),
                    after.toString().substring(2).toLowerCase(java.util.Locale.ROOT), LedgerDatabase.interval(after), limit);
            ResultOutbox.queueResults(connection, expired);
            return expired.size();
        });
    }
}
