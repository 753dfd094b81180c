package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * Decree 91's check costs an indexed lookup per call, whatever the size of the register and the ledger: on a
 * do-not-call register of 300,000 numbers and 100,000 advertising calls, a chunk's phones are looked up in
 * suppressed_phone's primary key and their last day's calls in the partial index call_request_advertising_by_phone,
 * never by reading either table whole.
 */
class CallingRulesPlanTest {

    @Test
    void theChecksOfAChunkReadTheirIndexes() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into suppressed_phone (phone, list, added_by)
                    select '09' || lpad(n::text, 8, '0'), 'do-not-call', 'test' from generate_series(1, 300000) n""");
            statement.execute("""
                    insert into call_request (request_id, channel, phone, status, source_type, purpose, created_at, cap_at)
                    select 'r' || n, 'esms-record', '08' || lpad((n % 20000)::text, 8, '0'), 'ANSWERED', 'file',
                           case when n % 10 = 0 then 'transactional' else 'advertising' end, now() - (n || ' seconds')::interval,
                           case when n % 10 = 0 then null else now() - (n || ' seconds')::interval end
                      from generate_series(1, 100000) n""");
            statement.execute("analyze suppressed_phone");
            statement.execute("analyze call_request");
            Object[] chunk = new Object[500];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = String.format("08%08d", i * 7);
            }
            String listed = QueryPlans.plan(connection, "explain " + CallingRules.LISTED, ps ->
                    ps.setArray(1, connection.createArrayOf("varchar", chunk)));
            assertThat(listed).contains("suppressed_phone_pkey").doesNotContain("Seq Scan");

            String recent = QueryPlans.plan(connection, "explain " + CallingRules.RECENT_ADVERTISING, ps -> {
                ps.setArray(1, connection.createArrayOf("varchar", chunk));
                ps.setArray(2, connection.createArrayOf("varchar", new Object[] {"new-1", "new-2"}));
            });
            assertThat(recent).contains("call_request_advertising_by_phone").doesNotContain("Seq Scan");
        }
    }
}
