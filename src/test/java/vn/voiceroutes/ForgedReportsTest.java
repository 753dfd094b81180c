package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.dispatch.ProviderGate;

/**
 * A provider's report is bound to what was sent, through the running application: with eSMS's callback token an
 * attacker finished a call never sent, finished a VBot call through the eSMS endpoint and opted a number out with the
 * opt-out key; with VBot's, a report naming no known call paused VBot on every node. Each is now kept as an orphan
 * event and changes nothing; the tokens are one per provider.
 */
class ForgedReportsTest {

    @TempDir
    Path workDir;

    @Test
    void forgedReportsLeaveCallsOptOutsAndPausesAsTheyWere() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.compliance.opt-out-ivr-key", "9");
        settings.put("vbot.campaign.window-ms", "300");
        try (RunningApp app = RunningApp.start(settings)) {
            String esmsToken = Files.readString(workDir.resolve("data/esms-callback-token")).strip();
            String vbotToken = Files.readString(workDir.resolve("data/vbot-webhook-token")).strip();
            assertThat(esmsToken).isNotEqualTo(vbotToken);

            // a call that is never sent: eSMS is paused, so it waits QUEUED
            ProviderGate gate = app.bean("providerGate", ProviderGate.class);
            gate.pause("eSMS", "test", "held for the test");
            Fixtures.drop(workDir, "esms-record", "waiting.csv", "phone,requestId\n0912345601,forged-queued\n");
            Fixtures.awaitDone(workDir, "esms-record", "waiting.csv");
            assertThat(status(app, "forged-queued")).isEqualTo("QUEUED");
            HttpResponse<String> forged = get(app, "/callbacks/esms/" + esmsToken
                    + "?rid=forged-queued&ReferenceId=forged-1&CallStatus=ANSWERED&SentResult=1&Ivr=9&CallDuration=30");
            assertThat(forged.statusCode()).isEqualTo(200); // eSMS would send it again otherwise: kept, not applied
            assertThat(status(app, "forged-queued")).isEqualTo("QUEUED");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone")).isEqualTo("0");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_event where request_id is null and provider_ref = 'forged-1'"))
                    .isEqualTo("1");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from result_outbox")).isEqualTo("0");

            // a VBot call, sent and waiting for its outcome
            app.simulator().settings().set("callbacks", "false");
            Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.vbot-campaign"))
                    .send(session.createTextMessage("{\"phone\":\"0912345602\",\"requestId\":\"forged-vbot\"}"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(status(app, "forged-vbot")));
            // through the eSMS endpoint with eSMS's token: not eSMS's call
            assertThat(get(app, "/callbacks/esms/" + esmsToken + "?rid=forged-vbot&CallStatus=ANSWERED&SentResult=1&Ivr=9")
                    .statusCode()).isEqualTo(200);
            assertThat(status(app, "forged-vbot")).isEqualTo("SUBMITTED");
            // VBot's endpoint with eSMS's token: the wrong provider's token
            String campaign = Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'forged-vbot'");
            HttpResponse<String> wrongToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.baseUrl() + "/callbacks/vbot/" + esmsToken)).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"campaign_id\":" + campaign + ",\"phone\":\"0912345602\",\"status\":200}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongToken.statusCode()).isEqualTo(404);
            assertThat(status(app, "forged-vbot")).isEqualTo("SUBMITTED");

            // a VBot report of the account's fault naming no known call: kept, VBot not paused
            assertThat(app.postVbotWebhook("{\"campaign_id\":999999,\"phone\":\"0912345699\",\"status\":103}", null).statusCode())
                    .isEqualTo(200);
            assertThat(gate.isOpen("VBot")).isTrue();
            // the same report for the call VBot has: it is VBot's account speaking, and VBot is paused
            assertThat(app.postVbotWebhook("{\"campaign_id\":" + campaign + ",\"phone\":\"0912345602\",\"status\":103}", null)
                    .statusCode()).isEqualTo(200);
            assertThat(gate.isOpen("VBot")).isFalse();
            assertThat(status(app, "forged-vbot")).isNotEqualTo("SUBMITTED");
            session.close();
        }
    }

    private static String status(RunningApp app, String requestId) throws Exception {
        return Fixtures.single(app.dataSource(), "select status from call_request where request_id = ?", requestId);
    }

    private static HttpResponse<String> get(RunningApp app, String path) throws Exception {
        return app.get(path);
    }
}
