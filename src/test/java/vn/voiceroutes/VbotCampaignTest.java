package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.column;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/** VBot auto-call campaigns: rows batched into campaigns, the token and its renewal on 401, the per-phone webhook. */
class VbotCampaignTest {

    private static final String CREATE = "vbot/api/campaign/create";
    private static final String TOKEN = "vbot/token";

    @TempDir
    Path workDir;

    @Test
    void rowsGoOutAsCampaignsAndEachPhonesWebhookCompletesItsCall() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.campaign.window-ms", "500");
        settings.put("vbot.campaign.batch-size", "2");
        settings.put("voice.simulator.outcomes-by-phone", "0912500001:ANSWERED,0912500002:NO_ANSWER,0912500003:FAILED");
        try (RunningApp app = RunningApp.start(settings)) {
            ProviderSimulator simulator = app.simulator();
            drop(workDir, "vbot-campaign", "camp.csv", "phone,name,hanThanhToan,requestId\n"
                    + "0912500001,Nguyễn Văn An,30/11,vb-1\n0912500002,Trần Bình,01/12,vb-2\n0912500003,Lê Cường,02/12,vb-3\n"
                    + "12345,Sai Số,03/12,vb-4\n");
            awaitDone(workDir, "vbot-campaign", "camp.csv");
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "vb-1").size() == 1
                    && resultsFor(workDir, "vb-2").size() == 1 && resultsFor(workDir, "vb-3").size() == 1);

            List<Received> creates = simulator.received(CREATE);
            assertThat(creates).hasSize(2).allMatch(r -> r.httpStatus() == 200 && "0".equals(r.code()));
            JsonNode first = Fixtures.JSON.readTree(creates.get(0).rawQuery());
            assertThat(first.get("vbotId").asText()).isEqualTo("sim-vbot-id");
            assertThat(first.get("groupCode").asText()).isEqualTo("sim-group");
            assertThat(first.get("campaignId").asLong()).isEqualTo(2932);
            assertThat(first.get("phones")).hasSize(2);
            assertThat(first.get("phones").get(0).get("fields").toString())
                    .contains("{\"key\":\"phone\",\"value\":\"0912500001\"}", "{\"key\":\"name\",\"value\":\"Nguyễn Văn An\"}",
                            "{\"key\":\"hanThanhToan\",\"value\":\"30/11\"}");
            assertThat(Fixtures.JSON.readTree(creates.get(1).rawQuery()).get("phones")).hasSize(1);
            assertThat(simulator.received(TOKEN)).hasSize(1);

            assertThat(resultsFor(workDir, "vb-1").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(resultsFor(workDir, "vb-2").get(0).get("status").asText()).isEqualTo("NO_ANSWER");
            JsonNode failed = resultsFor(workDir, "vb-3").get(0);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("reason").asText()).isEqualTo("VBot 101: undefined phone number");
            assertThat(failed.get("channel").asText()).isEqualTo("vbot-campaign");
            // the campaign id is stored for every phone in it
            assertThat(column(app.dataSource(), "select provider_ref from call_request where request_id in ('vb-1', 'vb-2')"))
                    .hasSize(2).containsOnly(column(app.dataSource(), "select provider_ref from call_request where request_id = 'vb-1'").get(0));
            assertThat(Files.readString(workDir.resolve("errors/vbot-campaign/camp.csv.errors.csv"))).contains("camp.csv,5,phone,");

            // A token VBot no longer accepts: renewed once (refresh grant), the campaign sent again, once.
            simulator.settings().set("vbot-revoke-tokens", "true");
            Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.vbot-campaign"))
                    .send(session.createTextMessage("{\"phone\":\"0912500001\",\"requestId\":\"vb-queue-1\",\"name\":\"An\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "vb-queue-1").size() == 1);
            assertThat(simulator.received(CREATE).subList(2, simulator.received(CREATE).size()))
                    .extracting(Received::httpStatus).containsExactly(401, 200);
            assertThat(simulator.received(TOKEN)).extracting(Received::code).containsExactly("password", "refresh_token");
            session.close();

            // No auto-call history this time: VBot's call history (callee, disposition) completes the call.
            simulator.settings().set("callbacks", "false");
            Session again = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
            again.createProducer(again.createQueue("voice.vbot-campaign"))
                    .send(again.createTextMessage("{\"phone\":\"0912500009\",\"requestId\":\"vb-history-1\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "SUBMITTED".equals(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'vb-history-1'")));
            String token = Files.readString(workDir.resolve("data/vbot-webhook-token")).trim();
            // An auto-call history without a status (an action log only) says nothing of the outcome: it used to
            // fail the call.
            String campaign = Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'vb-history-1'");
            HttpResponse<String> noStatus = app.postVbotWebhook("{\"campaign_id\":" + campaign + ",\"phone\":\"0912500009\","
                    + "\"action_log\":\"ring\",\"event_data\":\"CAMPAIGN_CALL\"}", null);
            assertThat(noStatus.statusCode()).isEqualTo(200);
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'vb-history-1'")).isEqualTo("SUBMITTED");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event where request_id = 'vb-history-1'")).isEqualTo("1");
            HttpResponse<String> history = app.postVbotWebhook("{\"hotline_number\":\"02871002454\",\"date_create\":\"2026-11-22 10:00:00\","
                            + "\"time_call\":\"0\",\"type_call\":\"CALLOUT\",\"caller\":\"02871002454\",\"callee\":\"84912500009\","
                            + "\"postage\":\"0\",\"source\":\"autocall\",\"event_data\":\"HISTORY_CALL\",\"disposition\":\"BUSY\",\"record_file\":\"\"}", null);
            assertThat(history.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "vb-history-1").size() == 1);
            assertThat(resultsFor(workDir, "vb-history-1").get(0).get("status").asText()).isEqualTo("BUSY");

            // v3 (vbot-docs/v3/webhooks.md): CAMPAIGN_CALL has AUTO_CALL_LOG's shape, and a campaign-transport call
            // has no externalCallId in it: found by its phone, it finishes its call (it was an orphan)
            again.createProducer(again.createQueue("voice.vbot-campaign"))
                    .send(again.createTextMessage("{\"phone\":\"0912500011\",\"requestId\":\"vb-v3-campaign-1\"}"));
            again.createProducer(again.createQueue("voice.vbot-campaign"))
                    .send(again.createTextMessage("{\"phone\":\"0912500012\",\"requestId\":\"vb-v3-history-1\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(Fixtures.single(app.dataSource(),
                    "select count(*) from call_request where request_id in ('vb-v3-campaign-1', 'vb-v3-history-1') and status = 'SUBMITTED'")));
            HttpResponse<String> campaignCall = app.postVbotWebhook("{\"event_data\":\"CAMPAIGN_CALL\",\"phone\":\"0912500011\","
                    + "\"duration\":31,\"billsec\":24,\"disposition\":\"ANSWERED\",\"hotlineCode\":\"SIM_HOTLINE\",\"postage\":880.0,"
                    + "\"transId\":\"tr-7781\",\"campaignName\":\"Nhắc hạn\",\"createAt\":1765101600000}", null);
            assertThat(campaignCall.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "vb-v3-campaign-1").size() == 1);
            JsonNode campaignResult = resultsFor(workDir, "vb-v3-campaign-1").get(0);
            assertThat(campaignResult.get("status").asText()).isEqualTo("ANSWERED");
            assertThat(campaignResult.get("durationSeconds").asInt()).isEqualTo(24);
            // v3's HISTORY_CALL lists its callees, each with its own postage: the price is read from there
            HttpResponse<String> v3History = app.postVbotWebhook("{\"event_data\":\"HISTORY_CALL\",\"hotline_number\":\"02871002454\","
                    + "\"date_create\":\"2026-12-07 10:00:00\",\"caller\":[{\"phone\":\"02871002454\"}],\"callee\":[{\"phone\":\"84912500012\","
                    + "\"disposition\":\"ANSWER\",\"time_call\":\"00:00:12\",\"postage\":440.5,\"duration_call\":15}],"
                    + "\"time_call\":\"00:00:12\",\"duration_call\":\"15\",\"type_call\":\"OUTCALL\",\"disposition\":\"ANSWER\",\"record_file\":[]}", null);
            assertThat(v3History.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "vb-v3-history-1").size() == 1);
            JsonNode historyResult = resultsFor(workDir, "vb-v3-history-1").get(0);
            assertThat(historyResult.get("status").asText()).isEqualTo("ANSWERED");
            assertThat(historyResult.get("price").decimalValue()).isEqualByComparingTo("440.5");

            // the simulator speaks v3 too: its campaign webhooks as CAMPAIGN_CALL in AUTO_CALL_LOG's shape
            simulator.settings().set("vbot-webhook-form", "v3");
            simulator.settings().set("callbacks", "true");
            again.createProducer(again.createQueue("voice.vbot-campaign"))
                    .send(again.createTextMessage("{\"phone\":\"0912500013\",\"requestId\":\"vb-v3-sim-1\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "vb-v3-sim-1").size() == 1);
            assertThat(resultsFor(workDir, "vb-v3-sim-1").get(0).get("status").asText()).isNotEqualTo("EXPIRED");
            assertThat(Fixtures.column(app.dataSource(), "select payload from call_event where request_id = 'vb-v3-sim-1'"))
                    .anySatisfy(payload -> assertThat(payload).contains("\"event_data\":\"CAMPAIGN_CALL\"").contains("\"transId\"")
                            .doesNotContain("externalCallId"));
            again.close();

            // a webhook with a wrong token is refused and stores nothing
            String events = Fixtures.single(app.dataSource(), "select count(*) from call_event");
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/callbacks/vbot/forged"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_id\":1,\"phone\":\"0912500001\",\"status\":200}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(404);
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event")).isEqualTo(events);
        }
    }
}
