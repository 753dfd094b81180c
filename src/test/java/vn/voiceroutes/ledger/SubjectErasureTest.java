package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.model.CallPurpose;
import vn.voiceroutes.model.CallRequest;

/**
 * An erased number's opt-out still holds and its 24-hour cap still counts, under its keyed hash: the calling rules
 * look up both forms (rules that know no key let the next call through, as they did before erasure kept the hash).
 */
class SubjectErasureTest {

    @Test
    void anErasedNumbersOptOutAndCapStillHold() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        SubjectKey key = new SubjectKey("a-key-of-at-least-thirty-two-bytes!".getBytes());
        CallQueue queue = new CallQueue(db, new CallingRules(1, key));
        new SuppressionList(db, key).optOut("0912800052", "test", null, "asked");
        queue.register(advertising("capped-1", "0912800051"), null);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update call_request set status = 'ANSWERED', attempts = 1, finished_at = now() where request_id = 'capped-1'");
        }
        SubjectErasure erasure = new SubjectErasure(db, key);
        assertThat(erasure.erase("0912800051")).containsEntry("calls", 1);
        assertThat(erasure.erase("0912800052")).containsEntry("suppression", 1);
        assertThat(statusOf(dataSource, "select count(*) from call_request where phone like '%912800051%'")).isEqualTo("0");
        assertThat(statusOf(dataSource, "select count(*) from suppressed_phone where phone like '%912800052%'")).isEqualTo("0");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.register(advertising("capped-2", "0912800051"), null))
                .hasMessageContaining("frequency-cap");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.register(advertising("listed-1", "0912800052"), null))
                .hasMessageContaining("do-not-call");
        assertThat(statusOf(dataSource, "select status || ' ' || reason from call_request where request_id = 'capped-2'"))
                .isEqualTo("REJECTED frequency-cap");
        assertThat(statusOf(dataSource, "select status || ' ' || reason from call_request where request_id = 'listed-1'"))
                .isEqualTo("REJECTED do-not-call");
        // rules that do not know the key see neither
        new CallQueue(db, new CallingRules(1)).register(advertising("unaware-1", "0912800052"), null);
        assertThat(statusOf(dataSource, "select status from call_request where request_id = 'unaware-1'")).isEqualTo("QUEUED");
        // taken off the opt-outs by its number, though only its hash is kept
        assertThat(new SuppressionList(db, key).optIn("0912800052", "test", "consent")).isTrue();
    }

    private static CallRequest advertising(String requestId, String phone) {
        CallRequest request = new CallRequest();
        request.setRequestId(requestId);
        request.setChannel("esms-record");
        request.setPhone(phone);
        request.setPurpose(CallPurpose.ADVERTISING);
        request.getParams().put("Phone", phone);
        request.setSource(CallRequest.Source.queueMessage("voice.esms-record", "ID:" + requestId));
        return request;
    }

    private static String statusOf(javax.sql.DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
