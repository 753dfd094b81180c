package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.ledger.CallQueue.SendAnswer;
import vn.voiceroutes.ledger.SendAnswers.Answered;
import vn.voiceroutes.model.CallRequest;

/** One statement records a group of answers to different calls, each with the effect it would have alone. */
class SendAnswersTest {

    @Test
    void aGroupRecordsEachAnswerAsAloneAcceptedRejectedAfterACallbackAndUnknown() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        for (String id : List.of("a-accepted", "a-rejected", "a-final-first", "a-submitted-first")) {
            hold(queue, id);
        }
        assertThat(queue.claimCalls("esms-record", 10)).hasSize(4);
        // a fast callback made one final before its answer came; another was answered already (a second answer)
        execute(dataSource, "update call_request set status = 'ANSWERED', finished_at = now() where request_id = 'a-final-first'");
        execute(dataSource, "update call_request set status = 'SUBMITTED', provider_ref = 'ref-0' where request_id = 'a-submitted-first'");

        new SendAnswers(db).writeGroup(List.of(
                new Answered("a-accepted", new SendAnswer(false, "ref-1", "100", null)),
                new Answered("a-rejected", new SendAnswer(true, null, "104", "template not found")),
                new Answered("a-final-first", new SendAnswer(false, "ref-3", "100", null)),
                new Answered("a-submitted-first", new SendAnswer(true, null, "104", "template not found")),
                new Answered("nobody", new SendAnswer(false, "ref-5", "100", null))));

        assertThat(rows(dataSource, "select request_id || ' ' || status || ' ' || coalesce(provider_ref, '-') || ' '"
                + " || coalesce(provider_code, '-') || ' ' || coalesce(reason, '-') || ' ' || (claimed_by is null)"
                + " || ' ' || (next_poll_at is not null) from call_request order by request_id")).containsExactly(
                "a-accepted SUBMITTED ref-1 100 - true true",
                "a-final-first ANSWERED ref-3 100 - true true",
                "a-rejected REJECTED - 104 template not found true false",
                "a-submitted-first SUBMITTED ref-0 - - false false");
        assertThat(rows(dataSource, "select request_id from result_outbox order by request_id")).containsExactly("a-rejected");
    }

    @Test
    void callersSideBySideEachReturnOnceTheirAnswerIsCommitted() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("side-" + i);
            hold(queue, "side-" + i);
        }
        List<CallRequest> claimed = queue.claimCalls("esms-record", 40);
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (CallRequest call : claimed) {
            Thread sender = new Thread(() -> {
                queue.recordAnswer(call, new SendAnswer(false, "ref-" + call.getRequestId(), "100", null));
                // committed before recordAnswer returned: visible to another connection at once
                try {
                    assertThat(rows(dataSource, "select status from call_request where request_id = '" + call.getRequestId() + "'"))
                            .containsExactly("SUBMITTED");
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(failures).isEmpty();
        assertThat(rows(dataSource, "select count(*) from call_request where status = 'SUBMITTED' and provider_ref = 'ref-' || request_id"))
                .containsExactly(String.valueOf(ids.size()));
    }

    private static void hold(CallQueue queue, String requestId) {
        CallRequest request = new CallRequest();
        request.setRequestId(requestId);
        request.setChannel("esms-record");
        request.setPhone("0912900001");
        request.setPurpose(vn.voiceroutes.model.CallPurpose.TRANSACTIONAL);
        request.getParams().put("phone", "0912900001");
        request.setSource(CallRequest.Source.queueMessage("voice.esms-record", "ID:" + requestId));
        queue.hold(request, null);
    }

    private static void execute(javax.sql.DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static List<String> rows(javax.sql.DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
