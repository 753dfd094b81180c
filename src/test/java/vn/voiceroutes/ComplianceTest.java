package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.column;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;
import static vn.voiceroutes.Fixtures.single;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;

/**
 * Decree 91/2020/ND-CP through the real routes, with the shipped cap (one advertising call per phone in 24 hours):
 * a number on the Do-Not-Call register dropped into inbox/do-not-call is never sent to the provider, a second
 * advertising call within the day is refused, the opt-out key pressed in a call stops the next file's call, and
 * transactional voice OTP is not held to the rules.
 */
class ComplianceTest {

    @TempDir
    static Path workDir;

    static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.compliance.max-advertising-calls-per-24h", "1");
        settings.put("voice.compliance.opt-out-ivr-key", "9");
        // the text-to-speech channel holds a call over the cap until the day allows it; the others refuse it
        settings.put("esms.template.frequency-cap", "hold");
        // a paused eSMS is resumed here by the operator only: the balance probe (every 30 s shipped, and the
        // simulator's balance is fine while it answers 101) would resume it in the middle of a test
        settings.put("voice.pause.probe-ms", "600000");
        app = RunningApp.start(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /** The report of a file (outbox/reports/<time>-<file>.report.csv), null until it is written. */
    private String reportOf(String file) throws java.io.IOException {
        Path reports = workDir.resolve("outbox/reports");
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (var list = Files.list(reports)) {
            Path report = list.filter(p -> p.getFileName().toString().endsWith("-" + file + ".report.csv")).findFirst().orElse(null);
            return report == null ? null : Files.readString(report, StandardCharsets.UTF_8);
        }
    }

    @Test
    void aNumberOnTheDoNotCallRegisterIsNeverSentToTheProvider() throws Exception {
        drop(workDir, "do-not-call", "register-2026-11.txt",
                "# national register, November\n0912 300 001\n+84912300002\nnot a number\n");
        awaitDone(workDir, "do-not-call", "register-2026-11.txt");
        assertThat(column(app.dataSource(), "select phone from suppressed_phone where list = 'do-not-call' and phone in ('0912300001', '0912300002')"))
                .containsExactlyInAnyOrder("0912300001", "0912300002");
        assertThat(Files.readString(workDir.resolve("errors/do-not-call/register-2026-11.txt.errors.csv"), StandardCharsets.UTF_8))
                .contains("register-2026-11.txt,4,phone,").contains("not a phone number");

        drop(workDir, "esms-record", "ads.csv", "phone,requestId\n0912300001,dnc-1\n84912300002,dnc-2\n0912300003,dnc-3\n");
        awaitDone(workDir, "esms-record", "ads.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "dnc-3").size() == 1
                && resultsFor(workDir, "dnc-1").size() == 1 && resultsFor(workDir, "dnc-2").size() == 1);
        assertThat(sentTo("0912300001")).isZero();
        assertThat(sentTo("0912300002")).isZero();
        assertThat(sentTo("0912300003")).isEqualTo(1);
        for (String refused : List.of("dnc-1", "dnc-2")) {
            assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = ?", refused))
                    .isEqualTo("REJECTED do-not-call");
            assertThat(resultsFor(workDir, refused).get(0).get("status").asText()).isEqualTo("REJECTED");
        }
        assertThat(single(app.dataSource(), "select purpose from call_request where request_id = 'dnc-3'")).isEqualTo("advertising");
        List<String> errors = Files.readAllLines(workDir.resolve("errors/esms-record/ads.csv.errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).startsWith("ads.csv,2,phone,").contains("do-not-call").contains("national Do-Not-Call register");
        await().atMost(Duration.ofSeconds(20)).until(() -> report("ads.csv") != null);
        assertThat(report("ads.csv")).contains("2 REJECTED (of them refused by the calling rules: 2 do-not-call)");
    }

    @Test
    void oneAdvertisingCallPerPhoneInTwentyFourHours() throws Exception {
        drop(workDir, "esms-record", "monday.csv", "phone,requestId\n0912300010,cap-1\n0912300011,cap-3\n0912300011,cap-4\n");
        awaitDone(workDir, "esms-record", "monday.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "cap-1").size() == 1
                && resultsFor(workDir, "cap-3").size() == 1 && resultsFor(workDir, "cap-4").size() == 1);
        // the same phone twice in one file: the first row is called, the second refused
        assertThat(sentTo("0912300011")).isEqualTo(1);
        assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = 'cap-4'"))
                .isEqualTo("REJECTED frequency-cap");

        // the record channel again, another file, the same day: refused, never sent
        drop(workDir, "esms-record", "tuesday.csv", "phone,requestId\n0912300010,cap-2\n");
        awaitDone(workDir, "esms-record", "tuesday.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "cap-2").size() == 1);
        assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = 'cap-2'"))
                .isEqualTo("REJECTED frequency-cap");
        assertThat(sentTo("0912300010")).isEqualTo(1);
        // the log and the file's report count the refused row the same way, with the same words: a call, REJECTED,
        // not an invalid row (the log said "0 calls registered, 1 invalid", the report "1 calls ... 1 invalid rows")
        await().atMost(Duration.ofSeconds(10)).until(() -> reportOf("tuesday.csv") != null);
        assertThat(reportOf("tuesday.csv")).contains("1 rows read, 1 calls, 1 REJECTED (of them refused by the calling rules: "
                + "1 frequency-cap), 0 invalid rows");
        assertThat(app.log()).contains("esms-record file tuesday.csv: "
                + "1 rows read, 1 calls registered (1 of them refused by the calling rules, REJECTED), 0 invalid, 0 already registered");

        // the same phone from a queue: one refusal, one record: a REJECTED result, a WARN, no dead letter, no ERROR
        jakarta.jms.Session session = app.jms().createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.TextMessage capped = session.createTextMessage("{\"phone\":\"0912300010\",\"requestId\":\"cap-queue-1\"}");
        session.createProducer(session.createQueue("voice.esms-record")).send(capped);
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "cap-queue-1").size() == 1);
        assertThat(resultsFor(workDir, "cap-queue-1").get(0).get("reason").asText()).isEqualTo("frequency-cap");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.log()
                .contains(capped.getJMSMessageID() + ": refused, REJECTED: phone: frequency-cap"));
        try (jakarta.jms.MessageConsumer dlq = session.createConsumer(session.createQueue("voice.dlq"))) {
            assertThat(dlq.receive(1500)).as("a dead letter besides the REJECTED outcome").isNull();
        }
        session.close();
        assertThat(app.log())
                .doesNotContain("Failed delivery for (MessageId: " + capped.getJMSMessageID());
        assertThat(sentTo("0912300010")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.management("/observe/metrics").body())
                .containsPattern("voice_calls_refused_total\\{[^}]*reason=\"frequency-cap\"[^}]*\\} [1-9]"));
        // the shipped Grafana dashboard reads metrics this application publishes (refusals counted above)
        String metrics = app.management("/observe/metrics").body();
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\\b((?:voice|camel|jvm|process)_[a-z_]+)\\{")
                .matcher(Files.readString(Path.of("config/grafana/voice-routes-dashboard.json"), StandardCharsets.UTF_8));
        int metricsRead = 0;
        while (named.find()) {
            metricsRead++;
            assertThat(metrics).as("dashboard metric " + named.group(1)).contains(named.group(1));
        }
        assertThat(metricsRead).isGreaterThanOrEqualTo(8);
        // every standard scraper is answered in a format it reads (Camel's own endpoint said 406 to all but two)
        assertThat(metrics).contains("# HELP voice_calls_refused_total Calls the calling rules refused, by channel and reason");
        Map<String, String> scrapers = new java.util.LinkedHashMap<>();
        scrapers.put("text/plain", "text/plain; version=0.0.4");
        scrapers.put("text/plain;version=0.0.4", "text/plain; version=0.0.4");
        scrapers.put("text/*", "text/plain; version=0.0.4");
        scrapers.put("application/openmetrics-text", "application/openmetrics-text; version=1.0.0");
        // Prometheus 2.42's own scrape header
        scrapers.put("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "application/openmetrics-text; version=1.0.0");
        // prom2json's
        scrapers.put("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                + "text/plain;version=0.0.4;q=0.3", "application/vnd.google.protobuf");
        for (Map.Entry<String, String> scraper : scrapers.entrySet()) {
            var answer = app.management("/observe/metrics", scraper.getKey());
            assertThat(answer.statusCode()).as(scraper.getKey()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(scraper.getKey()).startsWith(scraper.getValue());
            assertThat(answer.body()).as(scraper.getKey()).contains("voice_calls_refused");
        }
        // health is JSON whatever a probe asks for
        for (String accept : List.of("text/plain", "text/html", "application/xml")) {
            var health = app.management("/observe/health/ready", accept);
            assertThat(health.statusCode()).as(accept).isEqualTo(200);
            assertThat(health.body()).as(accept).startsWith("{\"status\":\"UP\"");
        }

        // the text-to-speech channel says hold: the call waits, QUEUED, until a day after the phone's last call
        drop(workDir, "esms-template", "wednesday.csv", "phone,name,amount,requestId\n0912300010,Lan,100000,cap-5\n");
        awaitDone(workDir, "esms-template", "wednesday.csv");
        assertThat(single(app.dataSource(), "select status || ' ' || (next_attempt_at - (select cap_at from call_request "
                + "where request_id = 'cap-1') = interval '24 hours') || ' ' || last_error from call_request where request_id = 'cap-5'"))
                .startsWith("QUEUED true frequency-cap: held until ");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> app.simulator()
                .received(EsmsVoice.MAKE_CALL_TEMPLATE).stream().noneMatch(r -> "0912300010".equals(r.param(EsmsVoice.PHONE))));
        assertThat(resultsFor(workDir, "cap-5")).isEmpty();
        // and a next call to that phone on a channel that refuses counts the held one: refused
        drop(workDir, "esms-record", "thursday.csv", "phone,requestId\n0912300010,cap-6\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "cap-6").size() == 1);
        assertThat(single(app.dataSource(), "select status from call_request where request_id = 'cap-6'")).isEqualTo("REJECTED");
    }

    @Test
    void theOptOutKeyPressedInACallStopsTheNextFilesCall() throws Exception {
        app.simulator().settings().set("outcomes-by-phone", "0912300020:ANSWERED");
        app.simulator().settings().set("ivr-key", "9");
        try {
            drop(workDir, "esms-record", "offer.csv", "phone,requestId\n0912300020,opt-1\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "opt-1").size() == 1);
        } finally {
            app.simulator().settings().set("ivr-key", "");
        }
        assertThat(single(app.dataSource(), "select evidence_request_id from suppressed_phone where phone = '0912300020' and list = 'opt-out'"))
                .isEqualTo("opt-1");
        assertThat(single(app.dataSource(), "select action || ' ' || changed_by from suppression_change where phone = '0912300020'"))
                .isEqualTo("add IVR key 9");

        drop(workDir, "esms-record", "offer-again.csv", "phone,requestId\n0912300020,opt-2\n");
        awaitDone(workDir, "esms-record", "offer-again.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "opt-2").size() == 1);
        // the opt-out, not the day's cap, is what stops it
        assertThat(single(app.dataSource(), "select status || ' ' || reason || ' ' || last_error from call_request where request_id = 'opt-2'"))
                .isEqualTo("REJECTED do-not-call opted out of our calls: no advertising call to it");
        assertThat(sentTo("0912300020")).isEqualTo(1);
    }

    @Test
    void aRecordCannotMakeItsCallTransactionalWhereItsRouteDoesNotAllowIt() throws Exception {
        drop(workDir, "esms-record", "purposes.csv", "phone,purpose,requestId\n0912300060,Transactional,p-1\n0912300061,advertising,p-2\n"
                + "0912300062,urgent,p-3\n");
        awaitDone(workDir, "esms-record", "purposes.csv");
        List<String> errors = Files.readAllLines(workDir.resolve("errors/esms-record/purposes.csv.errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).startsWith("purposes.csv,2,purpose,").contains("is transactional, but the calls of esms-record are advertising");
        assertThat(errors.get(2)).startsWith("purposes.csv,4,purpose,").contains("either advertising or transactional");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "p-2").size() == 1);
        assertThat(single(app.dataSource(), "select purpose from call_request where request_id = 'p-2'")).isEqualTo("advertising");
    }

    @Test
    void transactionalVoiceOtpIsNotHeldToTheRules() throws Exception {
        drop(workDir, "do-not-call", "more.csv", "so_dien_thoai,ghi_chu\n0912300030,listed\n");
        awaitDone(workDir, "do-not-call", "more.csv");
        drop(workDir, "esms-otp", "codes.csv", "phone,code,requestId\n0912300030,123456,otp-1\n0912300030,654321,otp-2\n");
        awaitDone(workDir, "esms-otp", "codes.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "otp-1").size() == 1 && resultsFor(workDir, "otp-2").size() == 1);
        assertThat(app.simulator().received().stream().filter(r -> r.operation().startsWith("SendMultipleMessage_V4")
                && "0912300030".equals(r.param(EsmsVoice.PHONE)))).hasSize(2);
        assertThat(column(app.dataSource(), "select purpose || ' ' || status from call_request where phone = '0912300030' order by request_id"))
                .allMatch(row -> row.startsWith("transactional ")).noneMatch(row -> row.endsWith("REJECTED"));
    }

    @Test
    void operatorsAddAndRemoveOptOutsThroughTheApiEachChangeKept() throws Exception {
        assertThat(optOutRequest("POST", "0912300040", "wrong-token", "lan", "asked+by+phone").statusCode()).isEqualTo(403);
        assertThat(optOutRequest("POST", "not-a-phone", RunningApp.ADMIN_TOKEN, "lan", null).statusCode()).isEqualTo(400);
        HttpResponse<String> added = optOutRequest("POST", "0912%20300%20040", RunningApp.ADMIN_TOKEN, "lan", "asked+by+phone");
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).contains("\"phone\":\"0912300040\"").contains("\"state\":\"opted out\"");

        drop(workDir, "esms-record", "after-optout.csv", "phone,requestId\n0912300040,api-1\n");
        awaitDone(workDir, "esms-record", "after-optout.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "api-1").size() == 1);
        assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = 'api-1'"))
                .isEqualTo("REJECTED do-not-call");

        assertThat(optOutRequest("DELETE", "0912300040", RunningApp.ADMIN_TOKEN, "lan", "consent+form+12").statusCode()).isEqualTo(200);
        assertThat(optOutRequest("DELETE", "0912300040", RunningApp.ADMIN_TOKEN, "lan", null).statusCode()).isEqualTo(404);
        assertThat(column(app.dataSource(), "select action || ' ' || changed_by || ' ' || evidence from suppression_change "
                + "where phone = '0912300040' order by id")).containsExactly("add API (admin) asked by phone",
                        "remove API (admin) consent form 12"); // the token's name, whatever X-Operator says
        drop(workDir, "esms-record", "after-optin.csv", "phone,requestId\n0912300040,api-2\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "api-2").size() == 1);
        assertThat(sentTo("0912300040")).isEqualTo(1);

        // what is kept about the number, asked in another form: its calls, reports, opt-out history and files
        HttpResponse<String> kept = app.getAsOperator("/api/subjects/%2B84%20912%20300%20040");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode subject = Fixtures.JSON.readTree(kept.body());
        assertThat(subject.get("phone").asText()).isEqualTo("0912300040");
        assertThat(subject.get("calls")).extracting(c -> c.get("requestId").asText()).containsExactly("api-1", "api-2");
        assertThat(subject.get("providerReports")).isNotEmpty();
        assertThat(subject.get("suppressionHistory")).extracting(c -> c.get("action").asText()).containsExactly("add", "remove");
        assertThat(subject.get("files")).extracting(f -> f.get("path").asText())
                .anyMatch(path -> path.startsWith("outbox/results-")).anyMatch(path -> path.contains("after-optout.csv"));
        assertThat(app.getAsOperator("/api/subjects/0912399999").statusCode()).isEqualTo(404);
        assertThat(app.getAsOperator("/api/subjects/not-a-phone").statusCode()).isEqualTo(400);

        // opted out again, then erased: no trace of the number left in the database or the work folder's files, its
        // opt-out still holds, and the erasure is in the operator log (without the number)
        assertThat(optOutRequest("POST", "0912300040", RunningApp.ADMIN_TOKEN, "lan", "asked+by+phone+again").statusCode()).isEqualTo(200);
        HttpResponse<String> erased = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                + "/api/subjects/0912300040?reason=the+subscriber+asked")).header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).doesNotContain("912300040");
        for (String table : column(app.dataSource(), "select table_name from information_schema.tables where table_schema = 'public'")) {
            assertThat(single(app.dataSource(), "select count(*) from \"" + table + "\" t where t::text like '%912300040%'"))
                    .as("rows of " + table + " naming the number").isEqualTo("0");
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(workDir)) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> !f.startsWith(workDir.resolve("data"))).toList()) {
                String text = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain("912300040").doesNotContain("912 300 040");
            }
        }
        assertThat(app.getAsOperator("/api/subjects/0912300040").statusCode()).isEqualTo(404);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/subjects/0912300040"))
                .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(single(app.dataSource(), "select operator || ' ' || action from operator_action where action = 'erase'")).isEqualTo("API (admin) erase");
        drop(workDir, "esms-record", "after-erasure.csv", "phone,requestId\n0912300040,api-3\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "api-3").size() == 1);
        assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = 'api-3'"))
                .isEqualTo("REJECTED do-not-call");
    }

    @Test
    void aCallWaitingToBeSentIsWithdrawnWhenItsNumberOptsOut() throws Exception {
        // an account fault pauses eSMS: what is registered meanwhile waits, QUEUED
        app.simulator().settings().set("forced-code", "101");
        try {
            drop(workDir, "esms-record", "pausing.csv", "phone,requestId\n0912300051,wait-0\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account"));
            drop(workDir, "esms-record", "waiting.csv", "phone,requestId\n0912300050,wait-1\n");
            awaitDone(workDir, "esms-record", "waiting.csv");
            assertThat(single(app.dataSource(), "select status from call_request where request_id = 'wait-1'")).isEqualTo("QUEUED");
            assertThat(optOutRequest("POST", "0912300050", RunningApp.ADMIN_TOKEN, "lan", null).statusCode()).isEqualTo(200);
        } finally {
            app.simulator().settings().set("forced-code", "");
        }
        assertThat(app.post("/api/providers/esms/resume").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "wait-1").size() == 1 && resultsFor(workDir, "wait-0").size() == 1);
        assertThat(single(app.dataSource(), "select status || ' ' || reason from call_request where request_id = 'wait-1'"))
                .isEqualTo("REJECTED do-not-call");
        assertThat(app.simulator().received(EsmsVoice.MAKE_CALL_RECORD)).noneMatch(r -> "0912300050".equals(r.param(EsmsVoice.PHONE)));
    }

    private static HttpResponse<String> optOutRequest(String method, String phone, String token, String operator, String reason)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/opt-outs/" + phone
                + (reason == null ? "" : "?reason=" + reason))).header("Authorization", "Bearer " + token)
                .header("X-Operator", operator).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The report of a file, once written, else null. */
    private static String report(String file) throws java.io.IOException {
        Path reports = workDir.resolve("outbox/reports");
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (var listed = Files.list(reports)) {
            Path found = listed.filter(p -> p.getFileName().toString().endsWith("-" + file + ".report.csv")).findFirst().orElse(null);
            return found == null ? null : Files.readString(found, StandardCharsets.UTF_8);
        }
    }

    /** Call requests the simulator took for this phone (eSMS's voice calls). */
    private static long sentTo(String phone) {
        return app.simulator().received(EsmsVoice.MAKE_CALL_RECORD).stream()
                .filter(r -> phone.equals(r.param(EsmsVoice.PHONE)) && r.httpStatus() == 200).count()
                + app.simulator().received(EsmsVoice.MAKE_CALL_TEMPLATE).stream()
                .filter(r -> phone.equals(r.param(EsmsVoice.PHONE)) && r.httpStatus() == 200).count();
    }
}
