package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.ledger.FileIntakes;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;
import vn.voiceroutes.source.FileBatch;

/**
 * The bad-input corpus (src/test/resources/bad-input/cases.json): files, queue messages and HTTP requests a careless
 * or hostile sender could give, each with what it must get, driven through the running application: one boot, every
 * file dropped and every message sent at once, then each case checked on what the outside world sees (where the
 * file went, its error file, the provider simulator's requests, the ledger, voice.dlq, the HTTP answer). Scenarios
 * that take several steps (a corrected file dropped again, a provider refusing one request, a report that cannot be
 * written) run in the same application, in any order: each test begins once the corpus has settled.
 */
class BadInputCorpusTest {

    private static final Pattern MARKER = Pattern.compile("\\{\\{([a-z-]+)(?::([^:}]+))?(?::(\\d+))?}}");
    /** The call the HTTP cases aim at, waiting for its outcome: none of them may move it. */
    private static final String TARGET = "corpus-http-target";
    private static final String TARGET_PHONE = "0913999001";
    /** A call of its own for the callback that finishes it (the HTTP cases' target must stay waiting). */
    private static final String RID_TARGET = "corpus-rid-target";
    private static final String RID_TARGET_PHONE = "0913999002";
    private static final List<String> ESMS_CALLS = List.of(EsmsVoice.MAKE_CALL_RECORD, EsmsVoice.MAKE_CALL_TEMPLATE,
            EsmsVoice.SEND_OTP_POST, EsmsVoice.SEND_OTP_GET);

    @TempDir
    static Path workDir;

    static RunningApp app;
    static ProviderSimulator simulator;
    static List<JsonNode> cases;
    /** What reached voice.dlq: the message as text (bytes read as ISO-8859-1) and its reason. */
    static final List<String[]> deadLetters = new CopyOnWriteArrayList<>();
    static String callbackToken;
    static String vbotToken;

    @BeforeAll
    static void dropEveryFileAndSendEveryMessage() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("esms.requests-per-second", "500");
        settings.put("vbot.campaign.window-ms", "400");
        app = RunningApp.start(settings);
        simulator = app.simulator();
        callbackToken = Files.readString(workDir.resolve("data/esms-callback-token")).trim();
        vbotToken = Files.readString(workDir.resolve("data/vbot-webhook-token")).trim();
        Session listening = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        listening.createConsumer(listening.createQueue("voice.dlq")).setMessageListener(message -> deadLetters.add(deadLetter(message)));

        try (InputStream corpus = BadInputCorpusTest.class.getResourceAsStream("/bad-input/cases.json")) {
            cases = new ArrayList<>();
            Fixtures.JSON.readTree(corpus).get("cases").forEach(cases::add);
        }
        Session sending = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        for (JsonNode c : cases) {
            switch (c.get("kind").asText()) {
                case "file" -> dropBytes(c.get("channel").asText(), text(c.get("name").asText()), bytes(c, c.get("content").asText()));
                case "queue" -> send(sending, c);
                default -> {
                    // HTTP cases run one at a time, later
                }
            }
        }
    }

    /**
     * Every test begins once the corpus has settled (each file out of its inbox, each message taken from its queue,
     * no call in flight but the waiting targets): the scenarios' own files, the callbacks turned off while a target is
     * placed and the HTTP cases' "nothing stored" count then meet no corpus call still on its way.
     */
    @BeforeEach
    void theCorpusHasSettled() throws Exception {
        awaitCorpusSettled();
    }

    private static boolean settled;

    private static synchronized void awaitCorpusSettled() throws Exception {
        if (settled) {
            return;
        }
        Session browsing = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        await().atMost(Duration.ofSeconds(90)).alias("the corpus settled").until(() -> {
            for (JsonNode c : cases) {
                if (c.get("kind").asText().equals("file") && !c.get("expect").get("moved").asText().equals("stays")) {
                    Path inbox = workDir.resolve("inbox").resolve(c.get("channel").asText());
                    if (Files.exists(inbox.resolve(text(c.get("name").asText())))) {
                        return false;
                    }
                }
                if (c.get("kind").asText().equals("queue")
                        && browsing.createBrowser(browsing.createQueue("voice." + c.get("channel").asText())).getEnumeration().hasMoreElements()) {
                    return false;
                }
            }
            return "0".equals(Fixtures.single(app.dataSource(), CALLS_IN_FLIGHT));
        });
        browsing.close();
        settled = true;
    }

    /** Calls not final yet but the waiting targets (a call held until a date of its own, years away, is not waited for). */
    private static final String CALLS_IN_FLIGHT = "select count(*) from call_request where request_id not in ('" + TARGET
            + "', '" + RID_TARGET + "') and (status in ('QUEUED', 'SUBMITTED')"
            + " or (status = 'HELD' and (next_attempt_at is null or next_attempt_at < now() + interval '1 minute')))";

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theCorpusHoldsMoreThanAHundredCasesOfEveryClass() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cases).extracting(c -> c.get("kind").asText()).contains("file", "queue", "http");
        assertThat(cases).extracting(c -> c.get("covers").asInt()).contains(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(cases).extracting(c -> c.get("id").asText()).doesNotHaveDuplicates();
    }

    @TestFactory
    Stream<DynamicTest> everyFileAndMessageGetsWhatItShould() {
        return cases.stream().filter(c -> !c.get("kind").asText().equals("http"))
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText() + ": " + c.get("about").asText(), () -> {
                    if (c.get("kind").asText().equals("file")) {
                        checkFile(c);
                    } else {
                        checkMessage(c);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyHttpRequestGetsA4xxAndStoresNothing() {
        return cases.stream().filter(c -> c.get("kind").asText().equals("http"))
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText() + ": " + c.get("about").asText(), () -> checkHttp(c)));
    }

    @Test
    void aCallbackCarryingOnlyRidLeavesTheCallToItsRealReport() throws Exception {
        waitingTarget(RID_TARGET, RID_TARGET_PHONE);
        assertThat(get("/callbacks/esms/" + callbackToken + "?rid=" + RID_TARGET).statusCode()).isEqualTo(400);
        assertThat(status(RID_TARGET)).isEqualTo("SUBMITTED");
        // the report names the reference eSMS answered the call with: one naming another is not this call's
        String reference = Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = ?", RID_TARGET);
        String real = "/callbacks/esms/" + callbackToken + "?rid=" + RID_TARGET + "&ReferenceId=" + reference + "&CallDuration=12"
                + "&CallStatus=ANSWERED&Ivr=&Price=750.0000&SentResult=1&CID=02871002454&SendStatus=5";
        assertThat(get(real).statusCode()).isEqualTo(200);
        assertThat(status(RID_TARGET)).isEqualTo("ANSWERED");
    }

    @Test
    void aCorrectedFileDroppedAgainTheSameDayCallsOnlyTheRowsNotCalledYet() throws Exception {
        Fixtures.sameDayFor(Duration.ofSeconds(30));
        StringBuilder rows = new StringBuilder("phone,name\n");
        for (int i = 1; i <= 40; i++) {
            rows.append(i == 10 ? "09abc" : phone(201, i)).append(",Khách ").append(i).append('\n');
        }
        Fixtures.drop(workDir, "esms-record", "list.csv", rows.toString());
        Fixtures.awaitDone(workDir, "esms-record", "list.csv");
        Fixtures.awaitSent(app.dataSource());
        assertThat(callsTo(phone(201, 1))).isEqualTo(1);
        assertThat(callsTo(phone(201, 10))).isZero();

        String corrected = rows.toString().replace("09abc", phone(201, 10));
        Fixtures.drop(workDir, "esms-record", "list-corrected.csv", corrected);
        Fixtures.awaitDone(workDir, "esms-record", "list-corrected.csv");
        Fixtures.awaitSent(app.dataSource());
        for (int i = 1; i <= 40; i++) {
            assertThat(callsTo(phone(201, i))).as("calls to row %d", i).isEqualTo(1);
        }
        assertThat(Fixtures.column(app.dataSource(), "select status from call_request where source_name = 'list-corrected.csv'")).hasSize(1);

        // the same list on purpose, with requestIds of its own (next week's run): every row is called again
        StringBuilder nextWeek = new StringBuilder("phone,name,requestId\n");
        for (int i = 1; i <= 40; i++) {
            nextWeek.append(phone(201, i)).append(",Khách ").append(i).append(",w48-").append(i).append('\n');
        }
        Fixtures.drop(workDir, "esms-record", "list-week48.csv", nextWeek.toString());
        Fixtures.awaitDone(workDir, "esms-record", "list-week48.csv");
        Fixtures.awaitSent(app.dataSource());
        for (int i = 1; i <= 40; i++) {
            assertThat(callsTo(phone(201, i))).as("calls to row %d", i).isEqualTo(2);
        }
    }

    @Test
    void aReadThatDidNotFinishKeepsItsDayAcrossMidnight() {
        FileIntakes intakes = new FileIntakes(app.dataSource());
        java.time.LocalDate monday = java.time.LocalDate.of(2026, 11, 23);
        assertThat(intakes.start("corpus-hash", "esms-record", "x.csv", monday)).isEqualTo("2026-11-23");
        // restarted after midnight while the file was half read: the same day, so the same RequestIds
        assertThat(intakes.start("corpus-hash", "esms-record", "x.csv", monday.plusDays(1))).isEqualTo("2026-11-23");
        intakes.finish("corpus-hash", "esms-record", "2026-11-23");
        // read to its end: dropped again on Tuesday, it is Tuesday's list
        assertThat(intakes.start("corpus-hash", "esms-record", "x.csv", monday.plusDays(1))).isEqualTo("2026-11-24");
    }

    @Test
    void aRequestTheProviderRefusesFailsThatCallOnlyAndPausesNothing() throws Exception {
        simulator.settings().set("max-query-bytes", "700");
        try {
            Fixtures.drop(workDir, "esms-template", "refused.csv", "phone,name,amount\n" + phone(202, 1) + ","
                    + "a".repeat(450) + ",1\n" + phone(202, 2) + ",Binh,2\n");
            Fixtures.awaitDone(workDir, "esms-template", "refused.csv");
            Fixtures.awaitSent(app.dataSource());
        } finally {
            simulator.settings().set("max-query-bytes", "2048");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> results(phone(202, 1)).size() == 1 && results(phone(202, 2)).size() == 1);
        JsonNode refused = results(phone(202, 1)).get(0);
        assertThat(refused.get("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.get("reason").asText()).contains("HTTP 414");
        assertThat(results(phone(202, 2)).get(0).get("status").asText()).isNotEqualTo("REJECTED");

        simulator.settings().set("http-refusals", "1");
        Fixtures.drop(workDir, "vbot-campaign", "refused.csv", "phone,name\n" + phone(202, 3) + ",Chi\n" + phone(202, 4) + ",Dung\n");
        Fixtures.awaitDone(workDir, "vbot-campaign", "refused.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> results(phone(202, 3)).size() == 1 && results(phone(202, 4)).size() == 1);
        assertThat(results(phone(202, 3)).get(0).get("reason").asText()).contains("HTTP 413");
        assertThat(results(phone(202, 4)).get(0).get("status").asText()).isEqualTo("REJECTED");

        for (String provider : List.of("esms", "vbot")) {
            assertThat(Fixtures.JSON.readTree(app.getAsOperator("/api/providers/" + provider).body()).get("paused").asBoolean())
                    .as(provider + " paused").isFalse();
        }
    }

    @Test
    void aReportThatCannotBeWrittenDoesNotHoldUpTheOthers() throws Exception {
        Path reports = workDir.resolve("outbox/reports");
        Path aside = workDir.resolve("reports-aside");
        Files.move(reports, aside);
        Files.writeString(reports, "a file where the reports folder should be");
        Fixtures.drop(workDir, "esms-record", "blocked-report.csv", "phone\n" + phone(203, 1) + "\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(Fixtures.single(app.dataSource(),
                "select report_attempts from call_batch where file_name = 'blocked-report.csv'")));

        Files.delete(reports);
        Files.move(aside, reports);
        Fixtures.drop(workDir, "esms-record", "next-report.csv", "phone\n" + phone(203, 2) + "\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.list(reports).stream()
                .anyMatch(p -> p.getFileName().toString().endsWith("-next-report.csv.report.csv")));
        assertThat(Fixtures.list(reports)).noneMatch(p -> p.getFileName().toString().contains("blocked-report"));
        assertThat(Fixtures.single(app.dataSource(), "select report_error from call_batch where file_name = 'blocked-report.csv'"))
                .isNotBlank();
    }

    // ------------------------------------------------------------------------------------------- files

    private static void checkFile(JsonNode c) throws Exception {
        JsonNode expect = c.get("expect");
        String channel = c.get("channel").asText();
        String name = text(c.get("name").asText());
        String moved = expect.get("moved").asText();
        Path inbox = workDir.resolve("inbox").resolve(channel);
        if (moved.equals("stays")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve(name)));
        } else {
            Path folder = inbox.resolve("." + moved);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(folder)
                    && Fixtures.list(folder).stream().anyMatch(p -> movedName(p, name)));
            assertThat(inbox.resolve(name)).doesNotExist();
        }
        Path errorFile = workDir.resolve("errors").resolve(channel).resolve(FileBatch.errorFileName(name));
        if (expect.has("errors")) {
            List<CSVRecord> errors = errorRows(errorFile);
            assertThat(errors).as("error lines of " + name).hasSize(expect.get("errors").size());
            for (int i = 0; i < errors.size(); i++) {
                JsonNode want = expect.get("errors").get(i);
                CSVRecord row = errors.get(i);
                assertThat(row.get("line")).as("line").isEqualTo(want.get("line").asText());
                assertThat(row.get("field")).as("field").isEqualTo(want.get("field").asText());
                assertThat(row.get("reason")).as("reason").contains(want.get("reason").asText());
                if (want.has("recordNumber")) {
                    assertThat(row.get("recordNumber")).as("recordNumber").isEqualTo(want.get("recordNumber").asText());
                }
            }
        }
        if (expect.path("spreadsheetSafe").asBoolean()) {
            for (CSVRecord row : errorRows(errorFile)) {
                for (String cell : row.toList()) {
                    assertThat(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 || cell.matches("[+-]?\\d+(\\.\\d+)?"))
                            .as("cell %s can run as a formula", cell).isTrue();
                }
            }
        }
        if (expect.has("errorsLack")) {
            // nothing of a file that is no call list is quoted back
            assertThat(Files.readString(errorFile, StandardCharsets.UTF_8)).doesNotContain(expect.get("errorsLack").asText());
        }
        if (expect.has("errorRecordStartsWith")) {

            assertThat(errorRows(errorFile).get(0).get("record")).startsWith(expect.get("errorRecordStartsWith").asText());
        }
        checkCalls(expect);
        if (expect.path("report").asBoolean()) {
            Path reports = workDir.resolve("outbox/reports");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(reports) && Fixtures.list(reports).stream()
                    .anyMatch(p -> p.getFileName().toString().contains(name.substring(0, Math.min(40, name.length())))));
        }
    }

    /** A file in .done/.failed is named "yyyyMMdd-HHmmss-" + its name, or a shortened name with a hash when that is too long. */
    private static boolean movedName(Path moved, String name) {
        String rest = moved.getFileName().toString().length() > 16 ? moved.getFileName().toString().substring(16) : "";
        return rest.equals(name) || (rest.contains("~") && rest.startsWith(name.substring(0, Math.min(40, name.length()))));
    }

    private static List<CSVRecord> errorRows(Path errorFile) throws IOException {
        if (!Files.exists(errorFile)) {
            return List.of();
        }
        try (CSVParser csv = CSVParser.builder().setReader(new StringReader(Files.readString(errorFile, StandardCharsets.UTF_8)))
                .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return csv.getRecords();
        }
    }

    // ------------------------------------------------------------------------------------------- queue

    private static void send(Session session, JsonNode c) throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("voice." + c.get("channel").asText()));
        List<String> texts = new ArrayList<>();
        if (c.has("messages")) {
            c.get("messages").forEach(m -> texts.add(m.asText()));
        } else if (c.has("message")) {
            texts.add(c.get("message").asText());
        }
        for (String text : texts) {
            producer.send(session.createTextMessage(expand(text)));
        }
        if (c.has("bytes")) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(bytes(c, c.get("bytes").asText()));
            producer.send(message);
        }
        producer.close();
    }

    private static void checkMessage(JsonNode c) throws Exception {
        JsonNode expect = c.get("expect");
        String marker = c.get("marker").asText();
        if (expect.has("dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(marker).size() == 1);
            assertThat(deadLettersOf(marker).get(0)[1]).contains(expect.get("dlq").asText())
                    .startsWith("voice." + c.get("channel").asText() + " message ID:");
        }
        checkCalls(expect);
        if (!expect.has("dlq")) {
            assertThat(deadLettersOf(marker)).isEmpty();
        }
    }

    private static List<String[]> deadLettersOf(String marker) {
        return deadLetters.stream().filter(d -> marker.isEmpty() ? d[0].isEmpty() : d[0].contains(marker)).toList();
    }

    private static String[] deadLetter(Message message) {
        try {
            String body;
            if (message instanceof BytesMessage bytes) {
                byte[] content = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(content);
                body = new String(content, StandardCharsets.ISO_8859_1);
            } else {
                body = String.valueOf(((TextMessage) message).getText());
            }
            return new String[] {body, message.getStringProperty("voiceReason")};
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------- calls

    /** Each phone expected to be called gets exactly one call; each one not expected has none, nor a ledger row. */
    private static void checkCalls(JsonNode expect) throws Exception {
        for (JsonNode phone : expect.path("called")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> callsTo(phone.asText()) >= 1);
            assertThat(callsTo(phone.asText())).as("calls placed to " + phone.asText()).isEqualTo(1);
        }
        for (JsonNode phone : expect.path("notCalled")) {
            assertThat(callsTo(phone.asText())).as("calls placed to " + phone.asText()).isZero();
            assertThat(Fixtures.column(app.dataSource(), "select request_id from call_request where phone = ?", phone.asText()))
                    .as("ledger rows of " + phone.asText()).isEmpty();
        }
        // held in the ledger until the time given (its sendDate), not handed to the provider early
        for (java.util.Map.Entry<String, JsonNode> held : expect.path("held").properties()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.single(app.dataSource(),
                    "select status from call_request where phone = ?", held.getKey()) != null);
            assertThat(Fixtures.single(app.dataSource(), "select status || ' ' || extract(epoch from next_attempt_at)::bigint"
                    + " from call_request where phone = ?", held.getKey())).as("held call to " + held.getKey())
                    .isEqualTo("HELD " + java.time.OffsetDateTime.parse(held.getValue().asText()).toEpochSecond());
            assertThat(callsTo(held.getKey())).as("calls placed to " + held.getKey()).isZero();
        }
        if (expect.has("wire")) {
            expect.get("wire").properties().forEach(call -> {
                Received sent = simulator.received().stream().filter(r -> ESMS_CALLS.contains(r.operation()))
                        .filter(r -> call.getKey().equals(r.param(EsmsVoice.PHONE))).findFirst().orElseThrow();
                call.getValue().properties().forEach(param -> assertThat(sent.param(param.getKey()))
                        .as(param.getKey() + " sent for " + call.getKey()).isEqualTo(param.getValue().asText()));
            });
        }
    }

    /** Calls the provider took for this phone: eSMS requests answered 100, VBot campaign and auto-call requests accepted. */
    static long callsTo(String phone) {
        long calls = 0;
        for (Received r : simulator.received()) {
            if (ESMS_CALLS.contains(r.operation()) && "100".equals(r.code()) && phone.equals(r.param(EsmsVoice.PHONE))) {
                calls++;
            } else if (r.operation().startsWith("vbot/") && "0".equals(r.code()) && r.rawQuery() != null && r.rawQuery().contains(phone)) {
                try {
                    JsonNode body = Fixtures.JSON.readTree(r.rawQuery());
                    for (JsonNode entry : body.path("phones")) {
                        for (JsonNode field : entry.path("fields")) {
                            if (field.path("key").asText().equals("phone") && field.path("value").asText().equals(phone)) {
                                calls++;
                            }
                        }
                    }
                    for (JsonNode info : body.path("phone_infos")) {
                        if (info.path("phone").asText().equals(phone)) {
                            calls++;
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return calls;
    }

    // ------------------------------------------------------------------------------------------- HTTP

    private static void checkHttp(JsonNode c) throws Exception {
        waitingTarget(TARGET, TARGET_PHONE);
        String events = Fixtures.single(app.dataSource(), "select count(*) from call_event");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + expand(c.get("path").asText())))
                .timeout(Duration.ofSeconds(20));
        c.path("headers").properties().forEach(header -> request.header(header.getKey(), expand(header.getValue().asText())));
        byte[] body = c.has("body") ? bytes(c, c.get("body").asText()) : null;
        request.method(c.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode expect = c.get("expect");
        assertThat(response.statusCode()).as("status; body: " + response.body()).isEqualTo(expect.get("status").asInt());
        if (expect.has("body")) {
            assertThat(response.body()).contains(expect.get("body").asText());
        }
        assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event")).as("events stored").isEqualTo(events);
        assertThat(status(TARGET)).isEqualTo("SUBMITTED");
    }

    /**
     * A call waiting for its outcome (its provider will not call back), once every earlier call but the other target
     * is final (callbacks are off while it is placed).
     */
    private static synchronized void waitingTarget(String target, String phone) throws Exception {
        if (status(target) != null) {
            return;
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> "0".equals(Fixtures.single(app.dataSource(), CALLS_IN_FLIGHT)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("calls never final: " + Fixtures.column(app.dataSource(), "select request_id || ' ' || status || ' '"
                    + " || coalesce(next_attempt_at::text, '') || ' ' || coalesce(last_error, '') from call_request"
                    + " where status in ('QUEUED', 'HELD', 'SUBMITTED') limit 10"), e);
        }
        simulator.settings().set("callbacks", "false");
        Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createQueue("voice.esms-record")).send(session.createTextMessage(
                "{\"phone\":\"" + phone + "\",\"requestId\":\"" + target + "\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(status(target)));
        simulator.settings().set("callbacks", "true");
    }

    private static String status(String requestId) throws Exception {
        return Fixtures.single(app.dataSource(), "select status from call_request where request_id = ?", requestId);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> results(String phone) throws IOException {
        return Fixtures.results(workDir).stream().filter(r -> phone.equals(r.path("phone").asText())).toList();
    }

    // ------------------------------------------------------------------------------------------- inputs

    static String phone(int caseNumber, int row) {
        return String.format("0913%03d%03d", caseNumber, row);
    }

    private static void dropBytes(String channel, String name, byte[] content) throws IOException {
        Path inbox = workDir.resolve("inbox").resolve(channel);
        Files.createDirectories(inbox);
        Path staged = workDir.resolve("staged-" + Math.abs(name.hashCode()));
        Files.write(staged, content);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The text with its markers expanded ({{bytes:..}} markers stay for bytes()). */
    private static String text(String template) {
        return expand(template);
    }

    private static String expand(String template) {
        Matcher marker = MARKER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (marker.find()) {
            marker.appendReplacement(out, Matcher.quoteReplacement(switch (marker.group(1)) {
                case "repeat" -> marker.group(2).repeat(Integer.parseInt(marker.group(3)));
                case "nested" -> "[".repeat(Integer.parseInt(marker.group(2))) + "]".repeat(Integer.parseInt(marker.group(2)));
                case "token" -> callbackToken;
                case "vbot-token" -> vbotToken;
                case "target" -> TARGET;
                case "target-ref" -> "corpustargetref";
                case "admin" -> RunningApp.ADMIN_TOKEN;
                default -> marker.group(); // {{bytes:..}}: only bytes() writes those
            }));
        }
        marker.appendTail(out);
        return out.toString();
    }

    /** The bytes of a case's content: its prefix bytes, then its text in its encoding with {{bytes:HEX}} written raw. */
    private static byte[] bytes(JsonNode c, String template) {
        Charset encoding = Charset.forName(c.path("encoding").asText("UTF-8"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (c.has("prefixBytes")) {
            out.writeBytes(HexFormat.of().parseHex(c.get("prefixBytes").asText()));
        }
        String text = expand(template);
        Matcher raw = Pattern.compile("\\{\\{bytes:([0-9A-Fa-f]+)}}").matcher(text);
        int from = 0;
        while (raw.find()) {
            out.writeBytes(text.substring(from, raw.start()).getBytes(encoding));
            out.writeBytes(HexFormat.of().parseHex(raw.group(1)));
            from = raw.end();
        }
        out.writeBytes(text.substring(from).getBytes(encoding));
        return out.toByteArray();
    }

    static Optional<JsonNode> caseNamed(String id) {
        return cases.stream().filter(c -> c.get("id").asText().equals(id)).findFirst();
    }
}
