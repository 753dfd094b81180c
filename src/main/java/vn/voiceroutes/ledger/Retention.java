package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Old calls purged from the ledger (voice.retention.calls-days): a call final for longer than that goes with its
 * provider reports, its attempts and its published result (one whose result is not published yet waits for it); reports that named no call, webhook events delivered or
 * given up on, and sign-outs past their time go by the same age. A batch at a time, each its own short transaction,
 * rows taken with SKIP LOCKED: a dispatcher or a callback holding a row is never waited for (that row goes next night).
 * Do-not-call and opt-out entries and the operators' log are never purged.
 */
public class Retention {

    private final LedgerDatabase db;

    public Retention(LedgerDatabase db) {
        this.db = db;
    }

    /** Purges what is older than {@code days}, {@code batch} calls per transaction; how many of each were deleted. */
    public Map<String, Long> purge(int days, int batch) {
        String age = days + " days";
        Map<String, Long> deleted = new LinkedHashMap<>();
        long calls;
        do {
            long[] one = db.inTransaction(connection -> purgeCalls(connection, age, batch));
            calls = one[0];
            deleted.merge("calls", one[0], Long::sum);
            deleted.merge("reports", one[1], Long::sum);
        } while (calls == batch);
        long orphans;
        do {
            orphans = db.inTransaction(connection -> count(connection, """
                    delete from call_event where id in (select id from call_event where request_id is null
                       and received_at < now() - ?::interval limit ? for update skip locked)""", age, batch));
            deleted.merge("orphanReports", orphans, Long::sum);
        } while (orphans == batch);
        long events;
        do {
            events = db.inTransaction(connection -> count(connection, """
                    delete from webhook_event where event_id in (select event_id from webhook_event
                       where (delivered_at is not null or dead_at is not null) and created_at < now() - ?::interval
                       limit ? for update skip locked)""", age, batch));
            deleted.merge("webhookEvents", events, Long::sum);
        } while (events == batch);
        return deleted;
    }

    private static long[] purgeCalls(Connection connection, String age, int batch) throws SQLException {
        try (PreparedStatement calls = connection.prepareStatement("""
                with old as (
                    select c.request_id from call_request c where c.finished_at < now() - ?::interval
                       and not exists (select 1 from result_outbox o where o.request_id = c.request_id and o.emitted_at is null)
                     order by c.finished_at limit ? for update of c skip locked
                ), reports as (
                    delete from call_event e using old where e.request_id = old.request_id returning 1
                ), attempts as (
                    delete from call_attempt a using old where a.request_id = old.request_id returning 1
                ), results as (
                    delete from result_outbox o using old where o.request_id = old.request_id and o.emitted_at is not null returning 1
                ), gone as (
                    delete from call_request c using old where c.request_id = old.request_id returning 1
                )
                select (select count(*) from gone), (select count(*) from reports)""")) {
            calls.setString(1, age);
            calls.setInt(2, batch);
            try (java.sql.ResultSet row = calls.executeQuery()) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        }
    }

    private static long count(Connection connection, String sql, String age, int batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, age);
            statement.setInt(2, batch);
            return statement.executeUpdate();
        }
    }
}
