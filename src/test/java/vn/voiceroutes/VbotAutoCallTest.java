package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;
import vn.voiceroutes.vbot.VbotAutoCall;

/**
 * VBot's current auto-call API as the vbot-campaign transport (vbot.transport=auto-call): requests of at most 5
 * phones with the project's X-API-Key, each call's external_call_id, and the AUTO_CALL_* webhooks behind an auth
 * header.
 */
class VbotAutoCallTest {

    private static final String CREATE = "vbot/m-auto-call/api/call/create-list-phone";
    private static final String WEBHOOK_AUTH = "Basic dGVzdDp3ZWJob29r";

    @TempDir
    Path workDir;

    @Test
    void rowsGoOutFiveAtMostPerRequestAndTheirWebhooksCompleteThem() throws Exception {
        long logStart = RunningApp.logLength();
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.transport", "auto-call");
        settings.put("vbot.campaign.window-ms", "400");
        settings.put("vbot.webhook.auth-header-value", WEBHOOK_AUTH);
        settings.put("voice.simulator.vbot-webhook-auth", WEBHOOK_AUTH);
        settings.put("voice.simulator.outcomes-by-phone",
                "0912600001:ANSWERED,0912600002:NO_ANSWER,0912600003:BUSY,0912600004:FAILED,0912600005:ANSWERED,0912600006:ANSWERED");
        try (RunningApp app = RunningApp.start(settings)) {
            ProviderSimulator simulator = app.simulator();
            // 7 calls, 0912600001 twice: VBot drops a phone repeated in one request, so the two go in different ones
            drop(workDir, "vbot-campaign", "auto.csv", "phone,name,customerUid,soTien,requestId\n"
                    + "0912600001,Nguyễn Văn An,KH-1,5000000,AutoCall-1\n0912600002,Trần Bình,KH-2,300000,AutoCall-2\n"
                    + "0912600003,Lê Cường,,10000,AutoCall-3\n0912600004,Phạm Dũng,,20000,AutoCall-4\n"
                    + "0912600005,Hoàng Em,,30000,AutoCall-5\n0912600001,Nguyễn Văn An,KH-1,1000,AutoCall-6\n"
                    + "0912600006,Vũ Giang,,40000,AutoCall-7\n");
            awaitDone(workDir, "vbot-campaign", "auto.csv");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 1; i <= 7; i++) {
                    if (resultsFor(workDir, "AutoCall-" + i).size() != 1) {
                        return false;
                    }
                }
                return true;
            });

            List<Received> creates = simulator.received(CREATE);
            assertThat(creates).hasSize(2).allMatch(r -> r.httpStatus() == 200 && "0".equals(r.code())); // 401 without the key
            assertThat(simulator.received("vbot/token")).isEmpty();
            List<JsonNode> infos = new ArrayList<>();
            for (Received create : creates) {
                JsonNode body = Fixtures.JSON.readTree(create.rawQuery());
                assertThat(body.get("template_code").asText()).isEqualTo("SIM_SCRIPT_001");
                assertThat(body.get("hotline_code").asText()).isEqualTo("SIM_HOTLINE");
                assertThat(body.get("phone_infos").size()).isLessThanOrEqualTo(5);
                Set<String> phones = new HashSet<>();
                body.get("phone_infos").forEach(info -> assertThat(phones.add(info.get("phone").asText())).isTrue());
                body.get("phone_infos").forEach(infos::add);
            }
            assertThat(infos).hasSize(7);
            JsonNode first = infos.stream().filter(i -> i.get("customer_uid") != null && "KH-2".equals(i.get("customer_uid").asText()))
                    .findFirst().orElseThrow();
            assertThat(first.get("phone").asText()).isEqualTo("0912600002");
            assertThat(first.get("name").asText()).isEqualTo("Trần Bình");
            assertThat(first.get("datas").toString()).isEqualTo("{\"soTien\":\"300000\"}");
            assertThat(first.get("external_call_id").asText()).matches("[a-z0-9]{32}")
                    .isEqualTo(VbotAutoCall.externalCallId("AutoCall-2", 1));

            assertThat(resultsFor(workDir, "AutoCall-1").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(resultsFor(workDir, "AutoCall-6").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(resultsFor(workDir, "AutoCall-2").get(0).get("status").asText()).isEqualTo("NO_ANSWER");
            assertThat(resultsFor(workDir, "AutoCall-3").get(0).get("status").asText()).isEqualTo("BUSY");
            JsonNode failed = resultsFor(workDir, "AutoCall-4").get(0);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("reason").asText()).isEqualTo("VBot disposition CHANUNAVAIL");
            assertThat(Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'AutoCall-5'"))
                    .isEqualTo(VbotAutoCall.externalCallId("AutoCall-5", 1));
            assertThat(Fixtures.column(app.dataSource(), "select distinct kind from call_event where request_id like 'AutoCall-%'"))
                    .containsExactly("vbot-auto-call-log");

            // A call whose AUTO_CALL_LOG has not come: the recording event names it but changes nothing; then the
            // AUTO_CALL_COMPLETE bundle finishes it, and its resend changes nothing.
            simulator.settings().set("callbacks", "false");
            Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.vbot-campaign"))
                    .send(session.createTextMessage("{\"phone\":\"0912600009\",\"requestId\":\"AutoCall-Q1\"}"));
            session.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(
                    Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'AutoCall-Q1'")));
            String external = VbotAutoCall.externalCallId("AutoCall-Q1", 1);
            String recording = "{\"transId\":\"DIY1\",\"externalCallId\":\"" + external + "\",\"recordUrl\":\"https://example.invalid/r/DIY1\"}";
            assertThat(app.postVbotWebhook(recording, WEBHOOK_AUTH).statusCode()).isEqualTo(200);
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'AutoCall-Q1'")).isEqualTo("SUBMITTED");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event where request_id = 'AutoCall-Q1'")).isEqualTo("1");

            String complete = "{\"autoCallLog\":{\"phone\":\"0912600009\",\"duration\":30,\"billsec\":21,\"disposition\":\"ANSWER\","
                    + "\"postage\":878.04,\"transId\":\"DIY1\",\"externalCallId\":\"" + external + "\",\"metaData\":\"{\\\"a\\\":\\\"b\\\"}\"},"
                    + "\"autoCallRecording\":{\"transId\":\"DIY1\",\"externalCallId\":\"" + external + "\",\"recordUrl\":\"https://example.invalid/r/DIY1\"}}";
            assertThat(app.postVbotWebhook(complete, WEBHOOK_AUTH).statusCode()).isEqualTo(200);
            assertThat(app.postVbotWebhook(complete, WEBHOOK_AUTH).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "AutoCall-Q1").size() == 1);
            JsonNode answered = resultsFor(workDir, "AutoCall-Q1").get(0);
            assertThat(answered.get("status").asText()).isEqualTo("ANSWERED");
            assertThat(answered.get("durationSeconds").asInt()).isEqualTo(21);
            Fixtures.awaitResultsPublished(app.dataSource()); // a second result would be published by now
            assertThat(resultsFor(workDir, "AutoCall-Q1")).hasSize(1);

            // Without the auth header VBot's console was given: 401, nothing stored.
            String events = Fixtures.single(app.dataSource(), "select count(*) from call_event");
            assertThat(app.postVbotWebhook(complete.replace("DIY1", "DIY2"), null).statusCode()).isEqualTo(401);
            assertThat(app.postVbotWebhook(complete.replace("DIY1", "DIY3"), "Basic wrong").statusCode()).isEqualTo(401);
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event")).isEqualTo(events);

            // v3's NOT_MONEY (the balance too low) fails the call and pauses VBot, like the seed's status 103
            simulator.settings().set("callbacks", "true");
            simulator.settings().set("outcomes-by-phone", "0912600010:NOT_MONEY");
            sendTo(app, "{\"phone\":\"0912600010\",\"requestId\":\"AutoCall-NM\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "AutoCall-NM").size() == 1);
            assertThat(resultsFor(workDir, "AutoCall-NM").get(0).get("reason").asText()).isEqualTo("VBot disposition NOT_MONEY");
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.JSON.readTree(app.getAsOperator("/api/providers/vbot").body()).get("paused").asBoolean());
            assertThat(Fixtures.JSON.readTree(app.getAsOperator("/api/providers/vbot").body()).get("code").asText()).isEqualTo("NOT_MONEY");
            assertThat(app.post("/api/providers/vbot/resume").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !Fixtures.JSON.readTree(app.getAsOperator("/api/providers/vbot").body()).get("paused").asBoolean());

            // errorCode 500 again and again: each try later than the one before, then voice.dlq like any exhausted retry
            simulator.settings().set("http-errors", "1000");
            sendTo(app, "{\"phone\":\"0912600011\",\"requestId\":\"AutoCall-R1\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.single(app.dataSource(),
                    "select dead_lettered_at from call_request where request_id = 'AutoCall-R1'") != null);
            List<java.time.Instant> tries = simulator.received(CREATE).stream().filter(r -> r.rawQuery().contains("0912600011"))
                    .map(Received::at).toList();
            assertThat(tries).hasSize(6); // the first try and voice.retry.max = 5 more
            assertThat(Duration.between(tries.get(4), tries.get(5))).isGreaterThanOrEqualTo(Duration.ofMillis(800)); // 50 ms x 2^4
            assertThat(Duration.between(tries.get(0), tries.get(1))).isLessThan(Duration.between(tries.get(4), tries.get(5)));
            String reason = takeDeadLetterReason(app, "AutoCall-R1");
            assertThat(reason).startsWith("VBot did not take the request after 6 tries").contains("errorCode 500");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> simulator.received(CREATE).stream()
                    .filter(r -> r.rawQuery().contains("0912600011")).count() == 6);
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'AutoCall-R1'")).isEqualTo("QUEUED");

            // dropped again once VBot works: the same call goes out
            simulator.settings().set("http-errors", "0");
            sendTo(app, "{\"phone\":\"0912600011\",\"requestId\":\"AutoCall-R1\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "AutoCall-R1").size() == 1);
        }
        String log = RunningApp.logSince(logStart); // with the stop's lines
        assertThat(log).contains("create-list-phone").doesNotContain("sim-vbot-api-key").doesNotContain(WEBHOOK_AUTH.substring(6));
    }

    private static void sendTo(RunningApp app, String json) throws Exception {
        Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createQueue("voice.vbot-campaign")).send(session.createTextMessage(json));
        session.close();
    }

    /** The reason voice.dlq gives for the request with this RequestId. */
    private static String takeDeadLetterReason(RunningApp app, String requestId) throws Exception {
        Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
        try (jakarta.jms.MessageConsumer dlq = session.createConsumer(session.createQueue("voice.dlq"))) {
            for (jakarta.jms.Message message = dlq.receive(10_000); message != null; message = dlq.receive(2_000)) {
                if (((jakarta.jms.TextMessage) message).getText().contains(requestId)) {
                    return message.getStringProperty("voiceReason");
                }
            }
        } finally {
            session.close();
        }
        throw new AssertionError("no dead letter for " + requestId);
    }
}
