package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.awaitSent;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/** The TTS template channel, JSON files and JMS queues, against the simulator, Artemis and PostgreSQL. */
class OutboundChannelsTest {

    @TempDir
    static Path workDir;

    static RunningApp app;
    static ProviderSimulator simulator;
    static Connection jms;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        // the text OTP's message is scripted as not delivered: its result says so (FAILED), not the mix's draw
        settings.put("voice.simulator.outcomes-by-phone", "0912100041:FAILED");
        app = RunningApp.start(settings);
        simulator = app.simulator();
        jms = app.jms();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void ttsTemplateCallRendersVariableListStrFromTheEditableTemplate() throws Exception {
        drop(workDir, "esms-template", "tts.csv", "phone,name,amount,voice,speed,requestId\n"
                + "0912100001,Nguyễn Văn An,20000,hatieumai,-1,tts-1\n"
                + "0912100002,Lê Thị Hoa,,,,tts-2\n"
                + "0912100003,A||B,5,,,tts-3\n"
                + "0912100004,Bình,7,robot,,tts-4\n"
                + "0912100005,Bình,7,,5,tts-5\n");
        awaitDone(workDir, "esms-template", "tts.csv");
        awaitSent(app.dataSource());

        Received call = call(EsmsVoice.MAKE_CALL_TEMPLATE, "tts-1");
        assertThat(call.param(EsmsVoice.TEMPLATE_ID)).isEqualTo("sim-tts-1");
        assertThat(call.param(EsmsVoice.VARIABLE_LIST_STR)).isEqualTo("Nguyễn Văn An||20000");
        assertThat(call.rawQuery()).contains("VariableListStr=Nguy%E1%BB%85n%20V%C4%83n%20An%7C%7C20000")
                .contains("Voice=hatieumai").contains("Speed=-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "tts-1").size() == 1);
        assertThat(resultsFor(workDir, "tts-1").get(0).get("channel").asText()).isEqualTo("esms-template");

        List<String> errors = Files.readAllLines(workDir.resolve("errors/esms-template/tts.csv.errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).hasSize(5);
        assertThat(errors.get(1)).startsWith("tts.csv,3,amount,template esms-template/sim-tts-1.ftl needs this variable");
        assertThat(errors.get(2)).startsWith("tts.csv,4,variables,").contains("contains ||");
        assertThat(errors.get(3)).startsWith("tts.csv,5,voice,\"'robot' is not one of male, female, hatieumai, ngoclam\"");
        assertThat(errors.get(4)).startsWith("tts.csv,6,speed,'5' is outside -3..3");
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_TEMPLATE)).extracting(r -> r.param(EsmsVoice.REQUEST_ID))
                .doesNotContain("tts-2", "tts-3", "tts-4", "tts-5");
    }

    @Test
    void withoutATemplateFileTheOtherColumnsAreTheVariablesInTheirOrder() throws Exception {
        drop(workDir, "esms-template", "plain.csv", "templateId,ho,phone,ten,requestId\nother-tts,Trần,0912100011,Bình,plain-1\n");
        awaitDone(workDir, "esms-template", "plain.csv");
        awaitSent(app.dataSource());
        Received call = call(EsmsVoice.MAKE_CALL_TEMPLATE, "plain-1");
        assertThat(call.param(EsmsVoice.VARIABLE_LIST_STR)).isEqualTo("Trần||Bình");
        assertThat(call.param(EsmsVoice.VOICE)).isEqualTo("female"); // the route file's default
    }

    @Test
    void jsonArrayAndJsonLinesFilesAreReadLikeCsv() throws Exception {
        drop(workDir, "esms-record", "calls.json", "[\n  {\"phone\": \"0912100021\", \"MaxRetry\": 2, \"requestId\": \"json-1\"},\n"
                + "  {\"phone\": \"not a phone\", \"requestId\": \"json-2\"}\n]\n");
        drop(workDir, "esms-template", "calls.jsonl", "{\"phone\":\"0912100022\",\"name\":\"Hà\",\"amount\":1,\"requestId\":\"jsonl-1\"}\n"
                + "this is not json\n");
        awaitDone(workDir, "esms-record", "calls.json");
        awaitSent(app.dataSource());
        awaitDone(workDir, "esms-template", "calls.jsonl");
        awaitSent(app.dataSource());

        assertThat(call(EsmsVoice.MAKE_CALL_RECORD, "json-1").param(EsmsVoice.MAX_RETRY)).isEqualTo("2");
        assertThat(call(EsmsVoice.MAKE_CALL_TEMPLATE, "jsonl-1").param(EsmsVoice.VARIABLE_LIST_STR)).isEqualTo("Hà||1");
        assertThat(Files.readString(workDir.resolve("errors/esms-record/calls.json.errors.csv")))
                .contains("calls.json,3,phone,'not a phone' is not a phone number");
        assertThat(Files.readString(workDir.resolve("errors/esms-template/calls.jsonl.errors.csv")))
                .contains("calls.jsonl,2,record,\"is not a JSON object: Unrecognized token 'this'");
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "json-1").size() == 1);
        assertThat(resultsFor(workDir, "json-1").get(0).get("source").get("line").asInt()).isEqualTo(2);
    }

    @Test
    void queueMessagesBecomeCallsOnceAndBadOnesGoToTheDeadLetterQueueWithTheirReason() throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("voice.esms-record"));
        String message = "{\"phone\":\"+84912100031\",\"requestId\":\"queue-1\",\"ivr\":3}";
        producer.send(session.createTextMessage(message));
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "queue-1").size() == 1);
        JsonNode result = resultsFor(workDir, "queue-1").get(0);
        assertThat(result.get("phone").asText()).isEqualTo("0912100031");
        assertThat(result.get("source").get("type").asText()).isEqualTo("queue");
        assertThat(result.get("source").get("queue").asText()).isEqualTo("voice.esms-record");
        assertThat(result.get("source").get("messageId").asText()).startsWith("ID:");
        assertThat(call(EsmsVoice.MAKE_CALL_RECORD, "queue-1").param(EsmsVoice.IVR)).isEqualTo("3");

        // the same request sent again: no second call
        producer.send(session.createTextMessage(message));
        String bad = "{\"name\":\"no phone here\"}";
        TextMessage sent = session.createTextMessage(bad);
        // the sender's own properties and type: the dead letter keeps them, as the message came
        sent.setStringProperty("orderRef", "ORD-7781");
        sent.setIntProperty("attempt", 2);
        sent.setJMSType("reminder");
        sent.setJMSCorrelationID("corr-7781");
        producer.send(sent);
        // what operators see of it: its channel and the id it came with
        await().atMost(Duration.ofSeconds(15)).until(() -> app.getAsOperator("/api/dead-letters").body().contains(sent.getJMSMessageID()));
        JsonNode listed = null;
        for (JsonNode letter : Fixtures.JSON.readTree(app.getAsOperator("/api/dead-letters").body())) {
            if (sent.getJMSMessageID().equals(letter.path("originalId").asText())) {
                listed = letter;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("channel").asText()).isEqualTo("esms-record");
        try (MessageConsumer dlq = session.createConsumer(session.createQueue("voice.dlq"), "voiceOriginalMessageId = '" + sent.getJMSMessageID() + "'")) {
            TextMessage dead = (TextMessage) dlq.receive(15_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getText()).isEqualTo(bad);
            assertThat(dead.getStringProperty("voiceReason")).contains("voice.esms-record message ID:").endsWith("phone: is empty");
            assertThat(dead.getStringProperty("orderRef")).isEqualTo("ORD-7781");
            assertThat(dead.getIntProperty("attempt")).isEqualTo(2);
            assertThat(dead.getJMSType()).isEqualTo("reminder");
            assertThat(dead.getJMSCorrelationID()).isEqualTo("corr-7781");
            assertThat(dead.getStringProperty("voiceChannel")).isEqualTo("esms-record");
        }
        assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "queue-1".equals(r.param(EsmsVoice.REQUEST_ID)))
                .hasSize(1);

        // the RequestId of another call: a message that cannot become a call is a dead letter, and not an outcome
        // (the first call's result stays the only one)
        TextMessage reused = session.createTextMessage("{\"phone\":\"0912100032\",\"requestId\":\"queue-1\"}");
        producer.send(reused);
        try (MessageConsumer dlq = session.createConsumer(session.createQueue("voice.dlq"), "voiceOriginalMessageId = '" + reused.getJMSMessageID() + "'")) {
            TextMessage dead = (TextMessage) dlq.receive(15_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("voiceReason")).contains("requestId");
        }
        assertThat(resultsFor(workDir, "queue-1")).hasSize(1);
        assertThat(resultsFor(workDir, "queue-1").get(0).get("phone").asText()).isEqualTo("0912100031");
        session.close();
    }

    @Test
    void ttsTemplateCallFromTheQueueCarriesItsVietnameseVariablesEncodedOnTheWire() throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createQueue("voice.esms-template")).send(session.createTextMessage(
                "{\"phone\":\"+84912100051\",\"name\":\"Đặng Thu Hà & Co\",\"amount\":\"150000\",\"voice\":\"ngoclam\",\"requestId\":\"tts-queue-1\"}"));
        session.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "tts-queue-1").size() == 1);
        Received call = call(EsmsVoice.MAKE_CALL_TEMPLATE, "tts-queue-1");
        assertThat(call.param(EsmsVoice.PHONE)).isEqualTo("0912100051");
        assertThat(call.param(EsmsVoice.VARIABLE_LIST_STR)).isEqualTo("Đặng Thu Hà & Co||150000");
        assertThat(call.rawQuery()).contains("VariableListStr=%C4%90%E1%BA%B7ng%20Thu%20H%C3%A0%20%26%20Co%7C%7C150000")
                .contains("Voice=ngoclam").contains("RequestId=tts-queue-1");
        assertThat(resultsFor(workDir, "tts-queue-1").get(0).get("source").get("type").asText()).isEqualTo("queue");
    }

    @Test
    void voiceOtpIsPostedAsJsonWithItsContentFromTheTemplateAndReportedByTheMessageCallback() throws Exception {
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("voice.esms-otp"));
        producer.send(session.createTextMessage("{\"phone\":\"0912100041\",\"code\":\"482913\",\"requestId\":\"otp-1\",\"campaignid\":\"login\"}"));
        // an advertisement sent as "OTP" (its own content), no code, a code that is none: refused, never spoken
        producer.send(session.createTextMessage("{\"phone\":\"0912100042\",\"content\":\"Khuyến mãi lớn hôm nay!\",\"requestId\":\"otp-2\"}"));
        producer.send(session.createTextMessage("{\"phone\":\"0912100043\",\"requestId\":\"otp-3\"}"));
        producer.send(session.createTextMessage("{\"phone\":\"0912100044\",\"code\":\"Mua ngay 50% off\",\"requestId\":\"otp-4\"}"));

        await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "otp-1").size() == 1);
        Received first = call(EsmsVoice.SEND_OTP_POST, "otp-1");
        JsonNode body = Fixtures.JSON.readTree(first.rawQuery());
        assertThat(body.get("Content").asText()).isEqualTo("Ma xac thuc cua ban la 482913");
        assertThat(body.get("SmsType").asText()).isEqualTo("8");
        assertThat(body.get("IsUnicode").asInt()).isZero();
        assertThat(body.get("campaignid").asText()).isEqualTo("login");
        assertThat(body.get("Phone").asText()).isEqualTo("0912100041");
        assertThat(body.get("CallbackUrl").asText()).contains("/callbacks/esms/").endsWith("?rid=otp-1");

        JsonNode result = resultsFor(workDir, "otp-1").get(0);
        assertThat(result.get("channel").asText()).isEqualTo("esms-otp");
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(Fixtures.column(app.dataSource(), "select kind from call_event where request_id = 'otp-1'"))
                .containsExactly("esms-message-callback");

        try (MessageConsumer dlq = session.createConsumer(session.createQueue("voice.dlq"))) {
            java.util.List<String> reasons = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TextMessage dead = (TextMessage) dlq.receive(15_000);
                reasons.add(dead.getStringProperty("voiceReason"));
            }
            assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("content: is refused"))
                    .anySatisfy(reason -> assertThat(reason).contains("code: is missing"))
                    .anySatisfy(reason -> assertThat(reason).contains("code: 'Mua ngay 50% off' is not a code"));
        }
        assertThat(simulator.received(EsmsVoice.SEND_OTP_POST)).extracting(r -> r.param(EsmsVoice.REQUEST_ID))
                .doesNotContain("otp-2", "otp-3", "otp-4");
        session.close();
    }

    private static Received call(String operation, String requestId) {
        return simulator.received(operation).stream().filter(r -> requestId.equals(r.param(EsmsVoice.REQUEST_ID)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + operation + " for " + requestId));
    }
}
