package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import vn.voiceroutes.model.CallRequest;

/** Calls that could not be sent this time: put back with a backoff (dead-lettered after their retries), or released. */
public class CallRetries {

    /** A call given up on after its retries, and why. */
    public record DeadLetter(CallRequest request, String reason) {
    }

    private final LedgerDatabase db;

    public CallRetries(LedgerDatabase db) {
        this.db = db;
    }

    /**
     * Calls failed for a passing reason: each waits longer before its next try (delay x backoff^failures), and those
     * that failed more than maxRetries times are dead-lettered: no longer claimed, and returned with the reason for
     * voice.dlq. A campaign's calls go together, a call sent one by one alone.
     */
    public List<DeadLetter> defer(List<CallRequest> calls, String provider, String reason, int maxRetries,
            long delayMillis, double backoff) {
        return db.inTransaction(connection -> {
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

    /**
     * Calls could not be sent this time (their provider paused, the calling window closed, the application stopping):
     * they keep waiting (QUEUED or HELD), with the reason, and are claimed again later.
     */
    public void release(List<CallRequest> calls, String reason) {
        db.inTransaction(connection -> {
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
     * What a dispatcher was sending failed for a passing reason: as {@link #defer}, for a call sent alone or the calls
     * of one request (a VBot campaign's); the list holds those dead-lettered.
     */
    public List<DeadLetter> deferSending(Object sending, String provider, String reason, int maxRetries, long delayMillis, double backoff) {
        return defer(calls(sending), provider, reason, maxRetries, delayMillis, backoff);
    }

    /** What a dispatcher was sending could not go this time (a call alone or a request's calls): as {@link #release}. */
    public void releaseSending(Object sending, String reason) {
        release(calls(sending), reason);
    }

    @SuppressWarnings("unchecked")
    private static List<CallRequest> calls(Object sending) {
        return sending instanceof CallRequest call ? List.of(call) : (List<CallRequest>) sending;
    }

    /**
     * A call claimed outside its calling window goes back to the ledger HELD until {@code dueAt} (ISO-8601 with its
     * offset), when a claim QUEUEs it again; the reason says so in its history.
     */
    public void holdUntil(CallRequest call, String dueAt) {
        db.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set status = 'HELD', next_attempt_at = ?::timestamptz, last_error = ?,
                                            claimed_by = null, claimed_until = null, updated_at = now()
                     where request_id = ? and status in ('QUEUED', 'HELD')""")) {
                update.setString(1, dueAt);
                update.setString(2, "outside the calling window: held until " + dueAt);
                update.setString(3, call.getRequestId());
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A call given up on (dead-lettered) is tried again from now, its failures forgotten; false when the ledger holds
     * no dead-lettered call of this RequestId still waiting to be sent.
     */
    public boolean revive(String requestId) {
        return db.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_request set dead_lettered_at = null, send_failures = 0, next_attempt_at = null, updated_at = now()
                     where request_id = ? and dead_lettered_at is not null and status in ('QUEUED', 'HELD')""")) {
                update.setString(1, requestId);
                return update.executeUpdate() == 1;
            }
        });
    }
}
