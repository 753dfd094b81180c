package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.ledger.KnownCallReports.KnownCallReport;
import vn.voiceroutes.ledger.KnownCallReports.Stored;
import vn.voiceroutes.ledger.ProviderReports.ProviderReport;
import vn.voiceroutes.model.CallOutcome;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.CallStatus;

/** One statement stores a group of reports of different calls, each with the effect it would have alone. */
class KnownCallReportsTest {

    @Test
    void aGroupStoresEachReportAsAloneNewFinalProgressResentLateAndUnknown() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        for (String id : List.of("g-final", "g-progress", "g-resent", "g-late")) {
            hold(queue, id);
        }
        sent(dataSource, "g-final", "g-progress", "g-resent", "g-late");
        KnownCallReports reports = new KnownCallReports(db, vn.voiceroutes.source.Channels.byProvider());
        CallOutcome answered = new CallOutcome(CallStatus.ANSWERED, 42, new BigDecimal("850"), "1", "answered");
        // before the group: g-resent's report stored once, g-late already final
        reports.writeGroup(List.of(report("g-resent", answered, "first"), report("g-late", new CallOutcome(CallStatus.BUSY, 0, null, null, "busy"), "busy")));

        List<Stored> stored = reports.writeGroup(List.of(
                report("g-final", answered, "a"),
                report("g-progress", CallOutcome.NONE, "ringing"),
                report("g-resent", answered, "first"),
                report("nobody", answered, "x"),
                report("g-late", answered, "late")));

        assertThat(stored).containsExactly(
                new Stored("g-final", "0912900001", true, true),
                new Stored("g-progress", "0912900001", true, false),
                new Stored("g-resent", "0912900001", false, false),
                new Stored(null, null, false, false),
                new Stored("g-late", "0912900001", true, false));
        assertThat(rows(dataSource, "select request_id || ' ' || status || ' ' || coalesce(duration_seconds::text, '-') || ' '"
                + " || coalesce(price::text, '-') || ' ' || coalesce(reason, '-') from call_request order by request_id")).containsExactly(
                "g-final ANSWERED 42 850.0000 answered", "g-late BUSY 0 - busy", "g-progress SUBMITTED - - -",
                "g-resent ANSWERED 42 850.0000 answered");
        assertThat(rows(dataSource, "select request_id from result_outbox order by request_id")).containsExactly("g-final", "g-late", "g-resent");
        assertThat(rows(dataSource, "select request_id || ' ' || count(*) from call_event group by request_id order by request_id"))
                .containsExactly("g-final 1", "g-late 2", "g-progress 1", "g-resent 1");
    }

    /**
     * A report is bound to what was sent: with eSMS's callback token, a forged report finished calls never sent,
     * finished a VBot call through the eSMS endpoint, and one naming another reference finished the call. Each of
     * those now finds no call (kept as an orphan by ProviderReports) and changes nothing.
     */
    @Test
    void aReportOfACallNeverSentOfTheOtherProviderOrOfAnotherReferenceFindsNoCall() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        for (String id : List.of("b-queued", "b-vbot", "b-ref", "b-sent")) {
            hold(queue, id);
        }
        sent(dataSource, "b-ref", "b-sent");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update call_request set channel = 'esms-record', status = 'QUEUED', attempts = 0 where request_id = 'b-queued'");
            statement.executeUpdate("update call_request set channel = 'vbot-campaign', status = 'SUBMITTED', attempts = 1 where request_id = 'b-vbot'");
            statement.executeUpdate("update call_request set provider_ref = 'esms-ref-1' where request_id = 'b-ref'");
        }
        KnownCallReports reports = new KnownCallReports(db, vn.voiceroutes.source.Channels.byProvider());
        CallOutcome answered = new CallOutcome(CallStatus.ANSWERED, 42, new BigDecimal("850"), "9", "answered");
        List<Stored> stored = reports.writeGroup(List.of(
                report("b-queued", answered, "a", null),
                report("b-vbot", answered, "a", null),
                report("b-ref", answered, "a", "esms-ref-2"),
                report("b-sent", answered, "a", "b-sent")));
        assertThat(stored).containsExactly(new Stored(null, null, false, false), new Stored(null, null, false, false),
                new Stored(null, null, false, false), new Stored("b-sent", "0912900001", true, true));
        assertThat(rows(dataSource, "select request_id || ' ' || status from call_request order by request_id"))
                .containsExactly("b-queued QUEUED", "b-ref SUBMITTED", "b-sent ANSWERED", "b-vbot SUBMITTED");
        assertThat(rows(dataSource, "select request_id from result_outbox")).containsExactly("b-sent");
    }

    /**
     * A redialled call: attempt 1 ended NO_ANSWER under eSMS's reference r-1, attempt 2 is claimed (its request going
     * out, no reference yet). A late report of attempt 1 (another callback of r-1) is not taken for attempt 2: it
     * used to finish it, attempt 2's own report then came too late.
     */
    @Test
    void aLateReportOfAnEarlierAttemptIsNotTakenForTheAttemptNowOut() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        CallQueue queue = new CallQueue(db, new CallingRules(1000));
        hold(queue, "r-call");
        sent(dataSource, "r-call");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update call_request set provider_ref = 'r-1', max_attempts = 2, redial_statuses = 'NO_ANSWER',"
                    + " redial_delay_ms = 100 where request_id = 'r-call'");
        }
        KnownCallReports reports = new KnownCallReports(db, vn.voiceroutes.source.Channels.byProvider());
        assertThat(reports.writeGroup(List.of(report("r-call", new CallOutcome(CallStatus.NO_ANSWER, 0, null, null, "no answer"), "NO ANSWER", "r-1"))))
                .containsExactly(new Stored("r-call", "0912900001", true, true));
        assertThat(rows(dataSource, "select status || ' ' || attempt from call_request")).containsExactly("HELD 2");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update call_request set claimed_by = 'node-a', claimed_until = now() + interval '1 minute',"
                    + " attempts = attempts + 1 where request_id = 'r-call'"); // attempt 2 claimed, going out
        }
        CallOutcome answered = new CallOutcome(CallStatus.ANSWERED, 42, new BigDecimal("850"), null, "answered");
        assertThat(reports.writeGroup(List.of(report("r-call", answered, "ANSWERED", "r-1"))))
                .containsExactly(new Stored(null, null, false, false));
        assertThat(rows(dataSource, "select status || ' ' || attempt from call_request")).containsExactly("HELD 2");
        // attempt 2's own report, under its reference
        assertThat(reports.writeGroup(List.of(report("r-call", answered, "ANSWERED", "r-2"))))
                .containsExactly(new Stored("r-call", "0912900001", true, true));
        assertThat(rows(dataSource, "select status || ' ' || attempt || ' ' || provider_ref from call_request")).containsExactly("ANSWERED 2 r-2");
    }

    private static KnownCallReport report(String callId, CallOutcome outcome, String value) {
        return report(callId, outcome, value, null);
    }

    private static KnownCallReport report(String callId, CallOutcome outcome, String value, String reference) {
        Map<String, String> fields = Map.of("rid", callId, "CallStatus", value);
        return new KnownCallReport(callId, new ProviderReport("eSMS", "esms-voice-callback", outcome, callId, reference, null, fields,
                "rid=" + callId + "&CallStatus=" + value, null), ProviderReports.dedupeKey("esms-voice-callback", fields));
    }

    /** As the eSMS dispatcher leaves a call it sent: an esms-record call, claimed once, SUBMITTED. */
    private static void sent(javax.sql.DataSource dataSource, String... requestIds) throws Exception {
        try (Connection connection = dataSource.getConnection(); java.sql.PreparedStatement update = connection.prepareStatement(
                "update call_request set channel = 'esms-record', status = 'SUBMITTED', attempts = 1, submitted_at = now() where request_id = any(?)")) {
            update.setArray(1, connection.createArrayOf("varchar", requestIds));
            update.executeUpdate();
        }
    }

    private static void hold(CallQueue queue, String requestId) {
        CallRequest request = new CallRequest();
        request.setRequestId(requestId);
        request.setChannel("vbot-campaign");
        request.setPhone("0912900001");
        request.setPurpose(vn.voiceroutes.model.CallPurpose.TRANSACTIONAL);
        request.getParams().put("phone", "0912900001");
        request.setSource(CallRequest.Source.queueMessage("voice.vbot-campaign", "ID:" + requestId));
        queue.register(request, requestId);
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
