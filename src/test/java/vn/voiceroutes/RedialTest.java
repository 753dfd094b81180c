package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * Redial on outcome, as a dialer's operators set it: a phone that does not answer on a transactional channel is
 * called exactly max-attempts times, at least delay-ms apart, each attempt under a RequestId of its own, and its
 * result is published once, for the last attempt; an answered one is called once. An advertising call's redial
 * waits for the next day (Decree 91: each attempt counts toward the 24-hour cap): its due time is checked, not
 * waited for. The engineer made the file route transactional by editing it, as its comment says. A record that asks
 * eSMS to ring again itself (maxRetry) on that channel is refused. VBot's auto-calls in the same application: an
 * unanswered call's second attempt goes out under an external_call_id of its own; numberCall above 1 is refused.
 */
class RedialTest {

    @TempDir
    Path workDir;

    @TempDir
    Path home;

    @Test
    void noAnswerIsRedialledUpToMaxAttemptsAndAnAdvertisingRedialWaitsForTheNextDay() throws Exception {
        RouteReloadTest.copyTree(Path.of("routes"), home.resolve("routes"));
        RouteReloadTest.copyTree(Path.of("config"), home.resolve("config"));
        Path route = home.resolve("routes/sources/esms-record.camel.yaml");
        String file = Files.readString(route, StandardCharsets.UTF_8);
        // the file's rows say they are transactional (a redial then waits for no cap); the channel stays advertising
        assertThat(file).contains("            constant: advertising\n");
        Files.writeString(route, file.replace("            constant: advertising\n", "            constant: advertising\n"
                + "        - setProperty:\n            name: voicePurposePerRecord\n            constant: \"true\"\n"), StandardCharsets.UTF_8);
        Path vbotRoute = home.resolve("routes/sources/vbot-campaign.camel.yaml");
        String vbotFile = Files.readString(vbotRoute, StandardCharsets.UTF_8);
        assertThat(vbotFile).contains("constant: advertising");
        Files.writeString(vbotRoute, vbotFile.replace("constant: advertising", "constant: transactional"), StandardCharsets.UTF_8);

        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.home", home.toString());
        settings.put("voice.redial.esms-record.statuses", "NO_ANSWER,BUSY");
        settings.put("voice.redial.esms-record.delay-ms", "1500");
        settings.put("voice.redial.esms-record.max-attempts", "3");
        settings.put("voice.simulator.outcomes-by-phone", "0913900001:NO_ANSWER,0913900002:ANSWERED,0913900003:NO_ANSWER,"
                + "0913900021:NO_ANSWER,0913900022:ANSWERED");
        // VBot's auto-calls redial too, each attempt under an external_call_id of its own
        settings.put("vbot.transport", "auto-call");
        settings.put("vbot.campaign.window-ms", "400");
        settings.put("vbot.webhook.auth-header-value", "Basic dGVzdDp3ZWJob29r");
        settings.put("voice.simulator.vbot-webhook-auth", "Basic dGVzdDp3ZWJob29r");
        settings.put("voice.redial.vbot-campaign.statuses", "NO_ANSWER");
        settings.put("voice.redial.vbot-campaign.delay-ms", "1500");
        settings.put("voice.redial.vbot-campaign.max-attempts", "2");
        // each attempt told to the customer's receiver as it ends (call.attempted), the result once (call.completed)
        WebhookReceiver receiver = WebhookReceiver.start();
        settings.put("voice.webhook.url", receiver.url("/voice"));
        settings.put("voice.webhook.secret", WebhooksTest.SECRET);
        settings.put("voice.webhook.events-ms", "200");
        try (receiver; RunningApp app = RunningApp.start(settings)) {
            drop(workDir, "esms-record", "redial.csv", "phone,purpose,requestId\n0913900001,transactional,redial-1\n0913900002,transactional,redial-2\n");
            drop(workDir, "vbot-campaign", "redial.csv", "phone,requestId\n0913900021,vredial-1\n0913900022,vredial-2\n");
            await().atMost(Duration.ofSeconds(40)).until(() -> resultsFor(workDir, "redial-1").size() == 1
                    && resultsFor(workDir, "redial-2").size() == 1);

            List<Received> attempts = app.simulator().received(EsmsVoice.MAKE_CALL_RECORD).stream()
                    .filter(r -> "0913900001".equals(r.param(EsmsVoice.PHONE))).toList();
            assertThat(attempts).extracting(r -> r.param(EsmsVoice.REQUEST_ID)).containsExactly("redial-1", "redial-1~2", "redial-1~3");
            assertThat(attempts).extracting(Received::code).containsOnly("100");
            for (int i = 1; i < attempts.size(); i++) {
                assertThat(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            }
            // every attempt's callback names the call: the outcome of each is the call's
            assertThat(attempts).allSatisfy(r -> assertThat(r.param(EsmsVoice.CALLBACK_URL)).endsWith("rid=redial-1"));
            JsonNode last = resultsFor(workDir, "redial-1").get(0);
            assertThat(last.get("status").asText()).isEqualTo("NO_ANSWER");
            assertThat(last.get("attempt").asInt()).isEqualTo(3);
            assertThat(last.get("attempts").asInt()).isEqualTo(3);
            assertThat(Fixtures.column(app.dataSource(), "select attempt || ' ' || status from call_attempt where request_id = 'redial-1' order by attempt"))
                    .containsExactly("1 NO_ANSWER", "2 NO_ANSWER");

            await().atMost(Duration.ofSeconds(10)).until(() -> told(receiver, "call.attempted", "redial-1").size() == 3);
            com.networknt.schema.Schema eventSchema = WebhooksTest.schema("schemas/webhook-event.schema.json");
            List<JsonNode> told = told(receiver, "call.attempted", "redial-1");
            for (JsonNode event : told) {
                assertThat(eventSchema.validate(event.toString(), com.networknt.schema.InputFormat.JSON)).as(event.toString()).isEmpty();
            }
            assertThat(told).extracting(e -> e.get("data").get("attempt").asInt() + " " + e.get("data").get("status").asText()
                    + " " + e.get("data").has("nextAttemptAt")).containsExactlyInAnyOrder("1 NO_ANSWER true", "2 NO_ANSWER true", "3 NO_ANSWER false");
            assertThat(told).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
            assertThat(told(receiver, "call.completed", "redial-1")).hasSize(1);

            // answered: called once
            assertThat(app.simulator().received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "0913900002".equals(r.param(EsmsVoice.PHONE))).hasSize(1);
            assertThat(resultsFor(workDir, "redial-2").get(0).get("attempt").asInt()).isEqualTo(1);

            // VBot: the unanswered call goes out twice, the second time under its own external_call_id, after the delay
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "vredial-1").size() == 1
                    && resultsFor(workDir, "vredial-2").size() == 1);
            List<Map.Entry<Instant, String>> vbotAttempts = new java.util.ArrayList<>();
            for (Received create : app.simulator().received("vbot/m-auto-call/api/call/create-list-phone")) {
                for (JsonNode info : Fixtures.JSON.readTree(create.rawQuery()).get("phone_infos")) {
                    if ("0913900021".equals(info.get("phone").asText())) {
                        vbotAttempts.add(Map.entry(create.at(), info.get("external_call_id").asText()));
                    }
                }
            }
            assertThat(vbotAttempts).extracting(Map.Entry::getValue).containsExactly(
                    vn.voiceroutes.vbot.VbotAutoCall.externalCallId("vredial-1", 1), vn.voiceroutes.vbot.VbotAutoCall.externalCallId("vredial-1", 2));
            assertThat(Duration.between(vbotAttempts.get(0).getKey(), vbotAttempts.get(1).getKey())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            JsonNode vbotLast = resultsFor(workDir, "vredial-1").get(0);
            assertThat(vbotLast.get("status").asText()).isEqualTo("NO_ANSWER");
            assertThat(vbotLast.get("attempt").asInt()).isEqualTo(2);
            assertThat(Fixtures.column(app.dataSource(), "select attempt || ' ' || status || ' ' || provider_ref from call_attempt where request_id = 'vredial-1'"))
                    .containsExactly("1 NO_ANSWER " + vn.voiceroutes.vbot.VbotAutoCall.externalCallId("vredial-1", 1));
            assertThat(Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'vredial-1'"))
                    .isEqualTo(vn.voiceroutes.vbot.VbotAutoCall.externalCallId("vredial-1", 2));
            assertThat(resultsFor(workDir, "vredial-2").get(0).get("attempt").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> told(receiver, "call.attempted", "vredial-1").size() == 2);
            // answered at once on a channel that redials: its one attempt is told too
            assertThat(told(receiver, "call.attempted", "vredial-2")).extracting(e -> e.get("data").get("attempt").asInt()
                    + " " + e.get("data").get("status").asText()).containsExactly("1 ANSWERED");

            // an advertising call (a message that does not say otherwise): its redial waits until the cap allows it, the next day
            jakarta.jms.Session session = app.jms().createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.esms-record"))
                    .send(session.createTextMessage("{\"phone\":\"0913900003\",\"requestId\":\"redial-ad\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "HELD 2".equals(Fixtures.single(app.dataSource(),
                    "select status || ' ' || attempt from call_request where request_id = 'redial-ad'")));
            Instant due = Instant.ofEpochSecond(Long.parseLong(Fixtures.single(app.dataSource(),
                    "select extract(epoch from next_attempt_at)::bigint from call_request where request_id = 'redial-ad'")));
            Instant first = app.simulator().received(EsmsVoice.MAKE_CALL_RECORD).stream()
                    .filter(r -> "redial-ad".equals(r.param(EsmsVoice.REQUEST_ID))).findFirst().orElseThrow().at();
            assertThat(due).isAfter(first.plus(Duration.ofHours(24)).minusSeconds(5));
            assertThat(resultsFor(workDir, "redial-ad")).isEmpty();

            // a record asking eSMS to ring again itself, where the channel redials: refused, how often is not clear
            drop(workDir, "esms-record", "retry.csv", "phone,requestId,maxRetry\n0913900011,retry-1,2\n0913900012,retry-2,0\n");
            Fixtures.awaitDone(workDir, "esms-record", "retry.csv");
            assertThat(Files.readString(workDir.resolve("errors/esms-record/retry.csv.errors.csv"), StandardCharsets.UTF_8))
                    .contains("retry.csv,2,maxRetry,").contains("redials its calls itself").doesNotContain("retry.csv,3,");
            drop(workDir, "vbot-campaign", "retry.csv", "phone,requestId,numberCall\n0913900031,vretry-1,3\n");
            Fixtures.awaitDone(workDir, "vbot-campaign", "retry.csv");
            assertThat(Files.readString(workDir.resolve("errors/vbot-campaign/retry.csv.errors.csv"), StandardCharsets.UTF_8))
                    .contains("retry.csv,2,numberCall,").contains("redials its calls itself");
        }
    }

    /** The events of this type about this call the receiver was given (answered 200). */
    private static List<JsonNode> told(WebhookReceiver receiver, String type, String requestId) throws java.io.IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (WebhookReceiver.Request request : receiver.delivered()) {
            JsonNode event = Fixtures.JSON.readTree(request.body());
            if (type.equals(event.get("type").asText()) && requestId.equals(event.get("data").path("requestId").asText())) {
                events.add(event);
            }
        }
        return events;
    }
}
