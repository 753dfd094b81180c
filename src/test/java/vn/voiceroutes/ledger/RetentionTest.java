package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.model.CallPurpose;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.sink.RetentionFiles;

/**
 * The nightly purge takes what is older than its days, in batches, and nothing else: calls still open, recent ones,
 * results not published yet, opt-outs and the files still to be read stay.
 */
class RetentionTest {

    @TempDir
    Path work;

    @Test
    void oldFinalCallsGoWithTheirReportsInBatchesAndTheRestStays() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        for (String id : List.of("old-1", "old-2", "old-3", "old-open", "old-unpublished", "recent-1")) {
            CallRequest request = new CallRequest();
            request.setRequestId(id);
            request.setChannel("esms-record");
            request.setPhone("0912800061");
            request.setPurpose(CallPurpose.TRANSACTIONAL);
            request.getParams().put("Phone", "0912800061");
            request.setSource(CallRequest.Source.queueMessage("voice.esms-record", "ID:" + id));
            queue.register(request, null);
        }
        new SuppressionList(db).optOut("0912800061", "test", null, "asked");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update call_request set status = 'ANSWERED', finished_at = now() - interval '200 days'"
                    + " where request_id like 'old-%' and request_id <> 'old-open'");
            statement.executeUpdate("update call_request set status = 'ANSWERED', finished_at = now() where request_id = 'recent-1'");
            statement.executeUpdate("insert into result_outbox (request_id, emitted_at) select request_id, now() from call_request"
                    + " where status = 'ANSWERED' and request_id <> 'old-unpublished'");
            statement.executeUpdate("insert into result_outbox (request_id) values ('old-unpublished')");
            statement.executeUpdate("insert into call_event (request_id, provider, kind, status, dedupe_key, payload)"
                    + " select request_id, 'eSMS', 'esms-voice-callback', 'ANSWERED', 'k-' || request_id, 'Phone=84912800061' from call_request");
            statement.executeUpdate("insert into call_event (request_id, provider, kind, status, dedupe_key, payload, received_at)"
                    + " values (null, 'eSMS', 'esms-voice-callback', 'ANSWERED', 'k-orphan', 'Phone=84912800061', now() - interval '200 days')");
        }

        assertThat(new Retention(db).purge(180, 2)).containsEntry("calls", 3L).containsEntry("reports", 3L).containsEntry("orphanReports", 1L);
        assertThat(rows(dataSource, "select request_id from call_request order by request_id"))
                .containsExactly("old-open", "old-unpublished", "recent-1");
        assertThat(rows(dataSource, "select coalesce(request_id, '-') from call_event order by 1")).containsExactly("old-open", "old-unpublished", "recent-1");
        assertThat(rows(dataSource, "select phone from suppressed_phone")).containsExactly("0912800061");
        assertThat(new Retention(db).purge(180, 2)).containsEntry("calls", 0L); // nothing left the second time

        // files: the kept ones older than their days go; recent ones, files waiting in an inbox and the data stay
        Path oldResult = file("outbox/results-2026-01-01.jsonl", 40);
        Path oldDone = file("inbox/esms-record/.done/20260101-a.csv", 40);
        Path oldError = file("errors/esms-record/a.csv.errors.csv", 40);
        Path recentReport = file("outbox/reports/b.report.csv", 1);
        Path waiting = file("inbox/esms-record/c.csv", 40);
        Path data = file("data/broker-password", 40);
        assertThat(new RetentionFiles(work, java.time.Clock.systemUTC()).purge(30)).isEqualTo(3);
        assertThat(List.of(oldResult, oldDone, oldError)).noneMatch(Files::exists);
        assertThat(List.of(recentReport, waiting, data)).allMatch(Files::exists);
    }

    private Path file(String path, int daysOld) throws Exception {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "0912800061\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(daysOld))));
        return file;
    }

    private static List<String> rows(javax.sql.DataSource dataSource, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
