package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;


/**
 * The status poll, the expiry and the check for due file reports must cost O(pending calls), not O(all calls): on a
 * ledger of 100,000 calls of which a few hundred are pending, their queries read the partial indexes of the
 * migrations, never the whole table. The dispatchers' claim reads its batch in index order, never sorting every
 * waiting call.
 */
class PollQueryPlanTest {

    @Test
    void pollAndExpiryQueriesUseTheirIndexesOnAHundredThousandCalls() throws Exception {
        // a database of its own on the test JVM's PostgreSQL
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into call_request (request_id, channel, phone, status, source_type, submitted_at, finished_at, next_poll_at)
                    select 'r' || n, 'esms-record', '0912345678',
                           case when n % 250 = 0 then 'SUBMITTED' else 'ANSWERED' end, 'file',
                           now() - (n || ' seconds')::interval,
                           case when n % 250 = 0 then null else now() end,
                           case when n % 250 = 0 then now() - (n || ' seconds')::interval else null end
                      from generate_series(1, 100000) n""");
            statement.execute("analyze call_request");

            String pollPlan = QueryPlans.plan(connection, "explain " + CallPolls.POLL_DUE, ps -> {
                ps.setArray(1, connection.createArrayOf("varchar", new Object[] {"esms-record", "esms-template"}));
                ps.setInt(2, 100);
            });
            assertThat(pollPlan).contains("call_request_poll_due").doesNotContain("Seq Scan on call_request");

            String expiryPlan = QueryPlans.plan(connection, "explain " + CallPolls.OVERDUE, ps -> {
                ps.setString(1, "172800000 milliseconds");
                ps.setInt(2, 100);
            });
            assertThat(expiryPlan).contains("call_request_submitted_since").doesNotContain("Seq Scan on call_request");

            // the same calls as 100 files of 1,000 rows: is a file's report due? (asked every few seconds)
            statement.execute("update call_request set batch_id = 'b' || (substr(request_id, 2)::int % 100)");
            statement.execute("insert into call_batch (batch_id, channel, file_name, rows_read, invalid_rows) "
                    + "select 'b' || n, 'esms-record', 'f' || n || '.csv', 1000, 0 from generate_series(0, 99) n");
            statement.execute("analyze call_request");
            statement.execute("analyze call_batch");
            String reportPlan = QueryPlans.plan(connection, "explain " + BatchLedger.BATCH_READY, ps -> { });
            assertThat(reportPlan).contains("call_request_batch_waiting").doesNotContain("Seq Scan on call_request");

            // a 50,000-row file registered and waiting for the eSMS dispatcher, which claims 200 at a time
            statement.execute("update call_request set status = 'QUEUED', finished_at = null, request_json = '{}', "
                    + "created_at = now() - (substr(request_id, 2)::int || ' milliseconds')::interval "
                    + "where substr(request_id, 2)::int % 2 = 0");
            statement.execute("analyze call_request");
            String dispatchPlan = QueryPlans.plan(connection, "explain " + CallQueue.DISPATCH_DUE, ps -> {
                ps.setArray(1, connection.createArrayOf("varchar", new Object[] {"esms-record", "esms-template", "esms-otp"}));
                ps.setString(2, "node-a");
                ps.setString(3, "120000 milliseconds");
                ps.setObject(4, java.time.OffsetDateTime.now());
                ps.setInt(5, 200);
            });
            assertThat(dispatchPlan).contains("call_request_dispatch_due").doesNotContain("Sort").doesNotContain("Seq Scan on call_request");
        }
    }
}
