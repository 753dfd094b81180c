package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.awaitSent;
import static vn.voiceroutes.Fixtures.column;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.results;
import static vn.voiceroutes.Fixtures.resultsFor;
import static vn.voiceroutes.Fixtures.resultsForFile;
import static vn.voiceroutes.Fixtures.single;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * The first flow end to end, against the real application: a CSV dropped into inbox/esms-record, calls placed on
 * the simulator over loopback, its callbacks, the ledger in PostgreSQL, the results file and the voice.results
 * topic on Artemis.
 */
class EsmsRecordFlowTest {

    private static final String CHANNEL = "esms-record";

    @TempDir
    static Path workDir;

    static RunningApp app;
    static java.time.Instant started;
    static ProviderSimulator simulator;
    static Connection jms;
    static final Queue<String> published = new ConcurrentLinkedQueue<>();

    /** How each of the sample file's calls ends at the simulator (outcomes-by-phone). */
    private static final Map<String, String> SAMPLE_OUTCOMES = Map.of("0912345678", "ANSWERED", "0983456789", "NO_ANSWER",
            "0387654321", "FAILED", "02838221234", "ANSWERED");

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("esms.max-in-flight", "3");
        // the progress of files in the log, every second here (10 s shipped)
        settings.put("voice.progress.log-ms", "1000");
        // Camel's CLI connector as shipped (on, Camel's MBeans off): its status file is checked for secrets too
        settings.put("voice.management.cli-connector", "true");
        // the sample's calls end as scripted here, so its results are asserted exactly (the mix draws the others)
        settings.put("voice.simulator.outcomes-by-phone", SAMPLE_OUTCOMES.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(",")));
        started = java.time.Instant.now();
        app = RunningApp.start(settings);
        simulator = app.simulator();
        jms = app.jms();
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createTopic("voice.results")).setMessageListener(message -> published.add(text(message)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void resetFaults() {
        simulator.settings().set("http-errors", "0");
        simulator.settings().set("forced-code", "");
        simulator.settings().set("codes-by-phone", "");
        simulator.settings().set("callback-duplicates", "0");
        simulator.settings().set("callback-pending-first", "false");
    }

    @Test
    void sampleFileGivesOneOutcomePerValidRowAnErrorFileAndLedgerRows() throws Exception {
        List<JsonNode> lines = sampleResults();
        assertThat(lines).extracting(r -> r.get("phone").asText())
                .containsExactlyInAnyOrder("0912345678", "0983456789", "0387654321", "02838221234");
        assertThat(lines).allSatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo(SAMPLE_OUTCOMES.get(r.get("phone").asText()));
            assertThat(r.get("channel").asText()).isEqualTo(CHANNEL);
            assertThat(r.get("providerRef").asText()).isNotBlank();
            assertThat(r.get("source").get("line").asInt()).isBetween(2, 5);
            assertThat(r.get("finishedAt").asText()).endsWith("+07:00");
            assertThat(r.has("durationSeconds") && r.has("price") && r.has("ivr") && r.has("reason")).isTrue();
        });

        List<String> errors = Files.readAllLines(workDir.resolve("errors/esms-record/sample.csv.errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).hasSize(4);
        assertThat(errors.get(1)).startsWith("sample.csv,6,phone,");
        assertThat(errors.get(2)).startsWith("sample.csv,7,maxRetry,");
        assertThat(errors.get(3)).startsWith("sample.csv,8,ivr,");
        assertThat(errors.get(1)).contains("Phạm Minh Đức");

        assertThat(column(app.dataSource(), "select phone || ' ' || status from call_request where source_name = 'sample.csv'"))
                .containsExactlyInAnyOrderElementsOf(SAMPLE_OUTCOMES.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());

        // On the wire: normalised phones, the route's default recording, the row's own recording and parameters.
        Received first = callFor("0912345678");
        assertThat(first.param(EsmsVoice.TEMPLATE_ID)).isEqualTo("sim-recording-1");
        assertThat(first.param(EsmsVoice.MAX_RETRY)).isEqualTo("1");
        assertThat(first.param(EsmsVoice.IVR)).isEqualTo("1");
        assertThat(callFor("0387654321").param(EsmsVoice.TEMPLATE_ID)).isEqualTo("sim-recording-2");
        assertThat(callFor("0983456789").param(EsmsVoice.MAX_RETRY)).isEqualTo("2");

        List<String> ids = lines.stream().map(r -> r.get("requestId").asText()).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> publishedIds().containsAll(ids));

        // Every call of the file is final: its report, in line order, with a summary line.
        Path reports = workDir.resolve("outbox/reports");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(reports)
                && Fixtures.list(reports).stream().anyMatch(p -> p.toString().endsWith("-sample.csv.report.csv")));
        Path report = Fixtures.list(reports).stream().filter(p -> p.toString().endsWith("-sample.csv.report.csv")).findFirst().orElseThrow();
        List<String> reportLines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertThat(reportLines).hasSize(6);
        assertThat(reportLines.get(0)).startsWith("line,requestId,phone,status");
        assertThat(reportLines.subList(1, 5)).extracting(l -> l.split(",")[0]).containsExactly("2", "3", "4", "5");
        assertThat(reportLines.get(5)).startsWith("\"# summary: sample.csv, 7 rows read, 4 calls")
                .endsWith("3 invalid rows (see errors/esms-record/sample.csv.errors.csv)\"");
    }

    @Test
    void encodesVietnameseTextAndACallbackUrlThatCarriesAQueryString() throws Exception {
        String requestId = "order+42&x=1/2";
        drop(workDir, CHANNEL, "encoding.csv", "Phone,TEMPLATEID,requestId\n0912000001,Lời chào tháng 12,order+42&x=1/2\n");
        awaitDone(workDir, CHANNEL, "encoding.csv");
        awaitSent(app.dataSource());

        Received call = callFor("0912000001");
        assertThat(call.rawQuery())
                .contains("TemplateId=L%E1%BB%9Di%20ch%C3%A0o%20th%C3%A1ng%2012")
                .contains("RequestId=order%2B42%26x%3D1%2F2")
                .doesNotContain("+");
        assertThat(call.param(EsmsVoice.TEMPLATE_ID)).isEqualTo("Lời chào tháng 12");
        assertThat(call.param(EsmsVoice.REQUEST_ID)).isEqualTo(requestId);
        String token = Files.readString(workDir.resolve("data/esms-callback-token")).trim();
        assertThat(call.param(EsmsVoice.CALLBACK_URL))
                .isEqualTo(app.baseUrl() + "/callbacks/esms/" + token + "?rid=order%2B42%26x%3D1%2F2");

        // The callback came back through that URL and found the call by our RequestId.
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, requestId).size() == 1);
    }

    @Test
    void everyDocumentedCodeResultPath() throws Exception {
        simulator.settings().set("codes-by-phone", "0912000099:99,0912000104:104,0912000106:106,0912000108:108,"
                + "0912000118:118,0912000124:124,0912000160:160*2");
        StringBuilder csv = new StringBuilder("phone,requestId\n");
        for (String code : List.of("099", "104", "106", "108", "118", "124", "160", "100")) {
            csv.append("0912000").append(code).append(",codes-").append(code).append('\n');
        }
        drop(workDir, CHANNEL, "codes.csv", csv.toString());
        awaitDone(workDir, CHANNEL, "codes.csv");
        awaitSent(app.dataSource());

        for (String code : List.of("099", "104", "106", "108", "118")) {
            assertThat(status("codes-" + code)).as("code %s", code).isEqualTo("REJECTED");
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "codes-" + code).size() == 1);
            JsonNode result = resultsFor(workDir, "codes-" + code).get(0);
            assertThat(result.get("status").asText()).isEqualTo("REJECTED");
            assertThat(result.get("reason").asText()).startsWith("eSMS " + Integer.parseInt(code) + ":");
        }
        // 124: eSMS already has this RequestId, so it counts as accepted and nothing is rejected or called again.
        assertThat(status("codes-124")).isEqualTo("SUBMITTED");
        assertThat(single(app.dataSource(), "select provider_code from call_request where request_id = 'codes-124'")).isEqualTo("124");
        // 160 twice, then accepted: retried with the same RequestId, one accepted call, one outcome.
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "codes-160".equals(r.param(EsmsVoice.REQUEST_ID)))
                .extracting(Received::code).containsExactly("160", "160", "100");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "codes-160").size() == 1);
        // Account-wide faults (101, 102, 103, 140, 143) pause dispatch: AccountPauseTest.
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "codes-100").size() == 1);
    }

    @Test
    void serverErrorsThenAcceptedGiveExactlyOneCall() throws Exception {
        simulator.settings().set("http-errors", "2");
        drop(workDir, CHANNEL, "flaky.csv", "phone,requestId\n0912000201,flaky-1\n");
        awaitDone(workDir, CHANNEL, "flaky.csv");
        awaitSent(app.dataSource());

        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "flaky-1".equals(r.param(EsmsVoice.REQUEST_ID)))
                .extracting(Received::httpStatus).containsExactly(503, 503, 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "flaky-1").size() == 1);
    }

    @Test
    void exhaustedRetriesGoToTheDeadLetterQueueAndARedropCallsOnce() throws Exception {
        simulator.settings().set("http-errors", "100");
        String content = "phone,requestId\n0912000301,down-1\n";
        drop(workDir, CHANNEL, "down.csv", content);
        awaitDone(workDir, CHANNEL, "down.csv");
        awaitSent(app.dataSource());

        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "down-1".equals(r.param(EsmsVoice.REQUEST_ID)))
                .hasSize(6);
        assertThat(status("down-1")).isEqualTo("QUEUED");
        assertThat(deadLetterReasons(1)).singleElement().asString().contains("HTTP 503");

        simulator.settings().set("http-errors", "0");
        drop(workDir, CHANNEL, "down-again.csv", content);
        awaitDone(workDir, CHANNEL, "down-again.csv");
        awaitSent(app.dataSource());
        assertThat(status("down-1")).isIn("SUBMITTED", "ANSWERED", "NO_ANSWER", "FAILED");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "down-1").size() == 1);
    }

    @Test
    void callsGoOutSideBySideUpToTheirBoundWhileEsmsAnswersSlowly() throws Exception {
        simulator.settings().set("answer-delay-ms", "300");
        try {
            simulator.takeMostEsmsRequestsAtOnce();
            StringBuilder csv = new StringBuilder("phone,requestId\n");
            for (int i = 0; i < 12; i++) {
                csv.append(String.format("09120005%02d,side-%d%n", i, i));
            }
            drop(workDir, CHANNEL, "side.csv", csv.toString());
            awaitDone(workDir, CHANNEL, "side.csv");
            awaitSent(app.dataSource());
            // esms.max-in-flight = 3: never more at once, and no longer one at a time (the file does not wait for eSMS)
            assertThat(simulator.takeMostEsmsRequestsAtOnce()).isEqualTo(3);
            assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> r.param(EsmsVoice.REQUEST_ID).startsWith("side-"))
                    .hasSize(12);
        } finally {
            simulator.settings().set("answer-delay-ms", "0");
        }
    }

    @Test
    void aReDroppedFileNeverCallsTwice() throws Exception {
        Fixtures.sameDayFor(Duration.ofSeconds(30));
        String content = "phone\n0912000401\n0912000402\n";
        drop(workDir, CHANNEL, "twice-a.csv", content);
        awaitDone(workDir, CHANNEL, "twice-a.csv");
        awaitSent(app.dataSource());
        int calls = simulator.received(EsmsVoice.MAKE_CALL_RECORD).size();

        drop(workDir, CHANNEL, "twice-b.csv", content);
        awaitDone(workDir, CHANNEL, "twice-b.csv");
        awaitSent(app.dataSource());
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).hasSize(calls);
        assertThat(column(app.dataSource(), "select request_id from call_request where phone in ('0912000401', '0912000402')")).hasSize(2);
    }

    @Test
    void repeatedCallbacksChangeNothingAndEmitOnce() throws Exception {
        simulator.settings().set("callback-duplicates", "2");
        simulator.settings().set("callback-pending-first", "true");
        drop(workDir, CHANNEL, "dup.csv", "phone,requestId\n0912000501,dup-1\n");
        awaitDone(workDir, CHANNEL, "dup.csv");
        awaitSent(app.dataSource());
        String smsId = single(app.dataSource(), "select provider_ref from call_request where request_id = 'dup-1'");

        // one "sent, awaiting report" callback, the final one, and two resends of the final one
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.callbackAttempts().stream()
                .filter(a -> a.url().contains(smsId) && a.httpStatus() == 200).count() == 4);
        assertThat(column(app.dataSource(), "select status from call_event where request_id = 'dup-1' order by id"))
                .hasSize(2).first().isEqualTo("SUBMITTED");
        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "dup-1").size() == 1);
        // every result queued by then (a wrongly repeated one with them) has been published
        Fixtures.awaitResultsPublished(app.dataSource());
        assertThat(resultsFor(workDir, "dup-1")).hasSize(1);
        assertThat(publishedIds()).filteredOn("dup-1"::equals).hasSize(1);
    }

    @Test
    void aLatePendingReportNeverMovesAFinalCallBack() throws Exception {
        drop(workDir, CHANNEL, "late.csv", "phone,requestId\n0912000551,late-1\n");
        awaitDone(workDir, CHANNEL, "late.csv");
        awaitSent(app.dataSource());
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "late-1").size() == 1);
        String finalStatus = status("late-1");
        String token = Files.readString(workDir.resolve("data/esms-callback-token")).trim();
        String smsId = single(app.dataSource(), "select provider_ref from call_request where request_id = 'late-1'");

        // eSMS's "sent, awaiting report" arriving after the final report, then a contradicting final one
        assertThat(app.get("/callbacks/esms/" + token + "?rid=late-1&ReferenceId=" + smsId
                + "&CallDuration=0&CallStatus=&Ivr=&Price=0&SentResult=0&CID=1&SendStatus=7").statusCode()).isEqualTo(200);
        assertThat(app.get("/callbacks/esms/" + token + "?rid=late-1&ReferenceId=" + smsId
                + "&CallDuration=99&CallStatus=BUSY&Ivr=&Price=0&SentResult=1&CID=1&SendStatus=5").statusCode()).isEqualTo(200);
        assertThat(status("late-1")).isEqualTo(finalStatus);
        Fixtures.awaitResultsPublished(app.dataSource());
        assertThat(resultsFor(workDir, "late-1")).hasSize(1);
        assertThat(column(app.dataSource(), "select count(*) from call_event where request_id = 'late-1'")).containsExactly("3");
    }

    @Test
    void aWrongCallbackTokenIsRefusedAndStoresNothing() throws Exception {
        String events = single(app.dataSource(), "select count(*) from call_event");
        String query = "?ReferenceId=forged&CallDuration=10&CallStatus=ANSWERED&Ivr=&Price=1&SentResult=1&CID=1&SendStatus=5";
        assertThat(app.get("/callbacks/esms/not-the-token" + query).statusCode()).isEqualTo(404);
        assertThat(app.get("/callbacks/esms/" + query).statusCode()).isEqualTo(404);
        assertThat(single(app.dataSource(), "select count(*) from call_event")).isEqualTo(events);

        // With the right token, a report for a call we do not know is kept as an orphan, never dropped.
        String token = Files.readString(workDir.resolve("data/esms-callback-token")).trim();
        assertThat(app.get("/callbacks/esms/" + token + query).statusCode()).isEqualTo(200);
        assertThat(single(app.dataSource(), "select count(*) from call_event where provider_ref = 'forged' and request_id is null"))
                .isEqualTo("1");
    }

    @Test
    void aFileThatIsNotCallRequestsMovesToFailedWithItsReasonAndTheNextFileStillRuns() throws Exception {
        drop(workDir, CHANNEL, "no-phone.csv", "name,templateId\nAn,rec-1\n");
        Files.createDirectories(workDir.resolve("inbox/esms-record"));
        Path latin1 = workDir.resolve("latin1.staged");
        Files.write(latin1, "phone,name\n0912000601,Nguy\u1ec5n\n0912000602,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.move(latin1, workDir.resolve("inbox/esms-record/latin1.csv"));

        Path failed = workDir.resolve("inbox/esms-record/.failed");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(failed) && Fixtures.list(failed).size() == 2);
        assertThat(Files.readString(workDir.resolve("errors/esms-record/no-phone.csv.errors.csv")))
                .contains("no-phone.csv,1,file,the header row has no phone column (2 columns): is it a call list?")
                .doesNotContain("templateId"); // nothing of a file not shown to be a call list is quoted
        assertThat(Files.readString(workDir.resolve("errors/esms-record/latin1.csv.errors.csv"))).contains("is not UTF-8 text");

        drop(workDir, CHANNEL, "after.csv", "phone\n0912000603\n");
        awaitDone(workDir, CHANNEL, "after.csv");
        awaitSent(app.dataSource());
    }

    @Test
    void operatorsQueryTheLedger() throws Exception {
        String requestId = sampleResults().get(0).get("requestId").asText();
        assertThat(app.get("/api/calls/" + requestId).statusCode()).isEqualTo(401);

        var one = app.getAsOperator("/api/calls/" + requestId);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode call = Fixtures.JSON.readTree(one.body());
        assertThat(call.get("requestId").asText()).isEqualTo(requestId);
        assertThat(call.get("sourceName").asText()).isEqualTo("sample.csv");
        assertThat(call.get("events")).isNotEmpty();
        assertThat(call.get("events").get(0).get("kind").asText()).isEqualTo("esms-voice-callback");
        assertThat(app.getAsOperator("/api/calls/no-such-call").statusCode()).isEqualTo(404);

        JsonNode page = Fixtures.JSON.readTree(app.getAsOperator("/api/calls?source=sample.csv&channel=esms-record&size=3").body());
        assertThat(page.get("calls")).hasSize(3);
        assertThat(page.get("hasMore").asBoolean()).isTrue();
        JsonNode second = Fixtures.JSON.readTree(app.getAsOperator("/api/calls?source=sample.csv&size=3&page=2").body());
        assertThat(second.get("calls")).hasSize(1);
        assertThat(second.get("hasMore").asBoolean()).isFalse();
        // a call eSMS refuses (104), found by its status in any case
        simulator.settings().set("codes-by-phone", "0912000199:104");
        drop(workDir, CHANNEL, "refused.csv", "phone,requestId\n0912000199,query-refused\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "query-refused").size() == 1);
        JsonNode rejected = Fixtures.JSON.readTree(app.getAsOperator("/api/calls?status=rejected&from=2020-01-01").body());
        assertThat(rejected.get("calls")).allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("REJECTED"))
                .extracting(c -> c.get("requestId").asText()).contains("query-refused");
        assertThat(app.getAsOperator("/api/calls?status=SOMETIMES").statusCode()).isEqualTo(400);
    }

    @Test
    void healthIsOnTheManagementPortOnlyUpWithBrokerAndDatabase() throws Exception {
        var response = app.management("/observe/health/ready");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = Fixtures.JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        List<String> checks = new ArrayList<>();
        health.get("checks").forEach(c -> checks.add(c.get("name").asText()));
        assertThat(checks).contains("broker", "database", "esms-account", "route:esms-record-file", "route:esms-voice-callback");
        // liveness: the process can do work; what a restart would not mend (broker, database, routes) is readiness's
        List<String> live = new ArrayList<>();
        Fixtures.JSON.readTree(app.management("/observe/health/live").body()).get("checks").forEach(c -> live.add(c.get("name").asText()));
        assertThat(live).containsExactly("context");
        // the business port faces the providers and the internet: none of Camel's observability services there
        for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/metrics", "/observe/jolokia", "/observe/info")) {
            assertThat(app.get(path).statusCode()).as(path).isEqualTo(404);
        }
        // Jolokia only with voice.management.tools
        assertThat(app.management("/observe/jolokia/version").statusCode()).isEqualTo(404);
    }

    @Test
    void secretsReachNoLogNoSinkAndNoLedger() throws Exception {
        sampleResults(); // calls of this run went out, logged at DEBUG
        String token = Files.readString(workDir.resolve("data/esms-callback-token")).trim();
        List<String> secrets = List.of(RunningApp.API_KEY, RunningApp.SECRET_KEY, RunningApp.ADMIN_TOKEN, token,
                Files.readString(workDir.resolve("data/vbot-webhook-token")).trim(), app.brokerPassword());
        String log = app.log();
        assertThat(log).contains("esms-record file").contains("MakeCallRecord_V2?ApiKey=****"); // this run's, at DEBUG
        StringBuilder sinks = new StringBuilder();
        for (JsonNode line : results(workDir)) {
            sinks.append(line).append('\n');
        }
        sinks.append(String.join("\n", published));
        sinks.append(String.join("\n", column(app.dataSource(), "select payload from call_event")));
        sinks.append(String.join("\n", column(app.dataSource(),
                "select concat_ws('|', request_id, reason, last_error, provider_ref, source_name) from call_request")));
        // the CLI connector's status of this node (what `camel get` reads), whole without Camel's MBeans: Camel's
        // producers console failed without them and left it empty
        Path status = Path.of(System.getProperty("user.home"), ".camel", ProcessHandle.current().pid() + "-status.json");
        String cliStatus = await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.cliStatus(status, started),
                text -> text.contains("\"state\":\"Started\""));
        assertThat(cliStatus).contains("\"name\":\"voice-routes\"").contains("esms.secret-key");
        sinks.append(cliStatus);
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            assertThat(sinks.toString()).doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static boolean sampleDropped;

    /**
     * The results of the sample file, dropped once for the class and awaited to its end: each test that reads its
     * calls asks for it, so none depends on another having run first.
     */
    private static List<JsonNode> sampleResults() throws Exception {
        if (!sampleDropped) {
            drop(workDir, CHANNEL, "sample.csv", Files.readString(Path.of("samples/esms-record-sample.csv"), StandardCharsets.UTF_8));
            sampleDropped = true;
        }
        awaitDone(workDir, CHANNEL, "sample.csv");
        awaitSent(app.dataSource());
        await().atMost(Duration.ofSeconds(30)).until(() -> resultsForFile(workDir, "sample.csv").size() == 4);
        return resultsForFile(workDir, "sample.csv");
    }

    private static Received callFor(String phone) {
        return simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream()
                .filter(r -> phone.equals(r.param(EsmsVoice.PHONE)) && r.httpStatus() == 200)
                .findFirst().orElseThrow(() -> new AssertionError("no call for " + phone));
    }

    private static String status(String requestId) throws Exception {
        return single(app.dataSource(), "select status from call_request where request_id = ?", requestId);
    }

    private static List<String> publishedIds() {
        return published.stream().map(text -> {
            try {
                return Fixtures.JSON.readTree(text).get("requestId").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** Takes what voice.dlq holds (at least the expected number) and returns each message's reason. */
    private static List<String> deadLetterReasons(int expected) throws Exception {
        List<String> reasons = new ArrayList<>();
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (MessageConsumer consumer = session.createConsumer(session.createQueue("voice.dlq"))) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(reasons.size() >= expected ? 500 : 2000);
                if (message == null) {
                    if (reasons.size() >= expected) {
                        break;
                    }
                    continue;
                }
                String body = text(message);
                assertThat(body).contains("\"requestId\"");
                reasons.add(message.getStringProperty("voiceReason"));
            }
        } finally {
            session.close();
        }
        return reasons;
    }

    private static String text(Message message) {
        try {
            return message instanceof TextMessage text ? text.getText() : message.getBody(String.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
