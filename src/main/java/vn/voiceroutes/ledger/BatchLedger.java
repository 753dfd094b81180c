package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files read to their end, and their reports: written once all of a file's calls are final. */
public class BatchLedger {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLedger.class);

    private final LedgerDatabase db;

    public BatchLedger(LedgerDatabase db) {
        this.db = db;
    }

    /** Records that a file was read to its end; its report follows once all its calls are final. */
    public void recordBatchRead(String batchId, String channel, String fileName, long rowsRead, long invalidRows) {
        db.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into call_batch (batch_id, channel, file_name, rows_read, invalid_rows) values (?, ?, ?, ?, ?)
                    on conflict (batch_id) do nothing""")) {
                insert.setString(1, batchId);
                insert.setString(2, channel);
                insert.setString(3, fileName);
                insert.setLong(4, rowsRead);
                insert.setLong(5, invalidRows);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The oldest file read to its end whose calls are all final and whose report is not written. */
    static final String BATCH_READY = """
            select b.batch_id, b.channel, b.file_name, b.rows_read, b.invalid_rows from call_batch b
             where b.report_written_at is null and (b.next_report_at is null or b.next_report_at <= now())
               and not exists (select 1 from call_request c where c.batch_id = b.batch_id
                                  and c.status in ('QUEUED', 'HELD', 'SUBMITTED'))
             order by b.read_at limit 1 for update skip locked""";

    /** A file whose calls are all final, ready for its report. */
    public record FinishedBatch(String batchId, String channel, String fileName, long rowsRead, long invalidRows) {
    }

    /** Where a batch's report goes: its calls one by one in line order, then the end. */
    public interface BatchReport {
        void call(CallRecord call) throws java.io.IOException;

        void end() throws java.io.IOException;

        /** The report could not be completed (it is tried again at the next poll): drop what was written. */
        void abandon();

        /** The report's file name in the reports folder, kept with the batch so operators can download it. */
        String name();
    }

    /**
     * Reports one batch whose calls are all final (none QUEUED, HELD or SUBMITTED) and whose report is not written:
     * its calls are streamed from a cursor into the report {@code open} gives (a file of 100,000 rows must not sit in
     * memory), and the batch is marked reported in the same transaction, once the report has ended. False when no
     * batch is ready.
     */
    public boolean reportFinishedBatch(java.util.function.Function<FinishedBatch, BatchReport> open) {
        String[] attempted = new String[1];
        try {
            return db.inTransaction(connection -> {
                FinishedBatch batch;
                try (PreparedStatement select = connection.prepareStatement(BATCH_READY)) {
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            return false;
                        }
                        batch = new FinishedBatch(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5));
                    }
                }
                attempted[0] = batch.batchId();
                BatchReport report = open.apply(batch);
                try (PreparedStatement calls = connection.prepareStatement(LedgerDatabase.SELECT_CALL + " where batch_id = ? order by source_record, source_line")) {
                    calls.setFetchSize(500); // a cursor: the transaction is open, so the driver fetches 500 rows at a time
                    calls.setString(1, batch.batchId());
                    try (ResultSet rows = calls.executeQuery()) {
                        while (rows.next()) {
                            report.call(LedgerDatabase.callRecord(rows));
                        }
                    }
                    report.end();
                } catch (java.io.IOException e) {
                    report.abandon();
                    throw new java.io.UncheckedIOException(e);
                } catch (SQLException | RuntimeException e) {
                    report.abandon();
                    throw e;
                }
                try (PreparedStatement mark = connection.prepareStatement("update call_batch set report_written_at = now(), report_name = ? where batch_id = ?")) {
                    mark.setString(1, report.name());
                    mark.setString(2, batch.batchId());
                    mark.executeUpdate();
                }
                return true;
            });
        } catch (RuntimeException e) {
            if (attempted[0] == null) {
                throw e;
            }
            deferReport(attempted[0], e);
            return true;
        }
    }

    /**
     * A report that could not be written is tried again after a backoff (1, 2, 4 ... minutes, at most an hour), so it
     * does not hold up the reports of the files after it.
     */
    private void deferReport(String batchId, RuntimeException fault) {
        LOG.error("The report of batch {} could not be written; tried again later: {}", batchId, fault.getMessage());
        db.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update call_batch set report_attempts = report_attempts + 1, report_error = ?,
                                          next_report_at = now() + least(interval '1 minute' * power(2, report_attempts), interval '1 hour')
                     where batch_id = ?""")) {
                update.setString(1, String.valueOf(fault.getMessage()));
                update.setString(2, batchId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** What cancelling a file's unsent calls did. */
    public record Cancelled(String fileName, int calls) {
    }

    /**
     * Cancels the calls of a dropped file that have not been sent yet (QUEUED or HELD, and not claimed by a dispatcher
     * this moment): they end CANCELLED with the reason "cancelled by operator", and are reported and published like
     * any outcome. Calls already sent, or being sent, go on.
     */
    public Cancelled cancelUnsent(String fileName, String by) {
        return db.inTransaction(connection -> {
            java.util.List<String> cancelled = Sql.strings(connection, """
                    update call_request r set status = 'CANCELLED', reason = 'cancelled by operator', last_error = ?, ENDED
                     where source_type = 'file' and source_name = ? and status in ('QUEUED', 'HELD') and LAPSED
                    returning request_id""".replace("ENDED", ResultOutbox.ENDED).replace("LAPSED", Claims.lapsed("r")),
                    "cancelled by " + by, fileName);
            ResultOutbox.queueResults(connection, cancelled);
            LOG.info("{} call(s) of file {} not sent yet cancelled by {}", cancelled.size(), fileName, by);
            return new Cancelled(fileName, cancelled.size());
        });
    }

    /** A file whose calls are not all final yet: how many are registered, sent (or final) and final. */
    public record Progress(String channel, String fileName, long registered, long sent, long finished) {
    }

    /** The files in progress (some call still QUEUED, HELD or SUBMITTED; read through call_request_batch_waiting). */
    public java.util.List<Progress> inProgress() {
        return db.inTransaction(connection -> {
            java.util.List<Progress> files = new java.util.ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select max(c.channel), max(c.source_name), count(*),
                           count(*) filter (where c.status not in ('QUEUED', 'HELD')),
                           count(*) filter (where c.status not in ('QUEUED', 'HELD', 'SUBMITTED'))
                      from call_request c
                     where c.batch_id in (select distinct batch_id from call_request
                                           where status in ('QUEUED', 'HELD', 'SUBMITTED') and batch_id is not null)
                     group by c.batch_id order by min(c.created_at)""");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    files.add(new Progress(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)));
                }
            }
            return files;
        });
    }
}
