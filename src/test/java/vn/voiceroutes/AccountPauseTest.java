package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.results;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;

/**
 * Account-wide faults pause a provider's dispatch with nothing lost: reported on readiness (never DOWN), intake goes on registering calls,
 * which wait QUEUED in the ledger; dispatch resumes by itself when the balance probe succeeds, or when an operator
 * resumes it.
 */
class AccountPauseTest {

    @TempDir
    Path workDir;

    @Test
    void balanceTooLowPausesWithNothingLostAndResumesWhenTheBalanceReturns() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.pause.probe-ms", "500");
        settings.put("voice.simulator.balance", "0");
        try (RunningApp app = RunningApp.start(settings)) {
            Connection jms = app.jms();
            ProviderSimulator simulator = app.simulator();
            drop(workDir, "esms-record", "low.csv", "phone\n0912200001\n0912200002\n0912200003\n");

            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // seen once in CI and not reproduced since: say where the calls were
                throw new AssertionError("eSMS never paused: calls " + Fixtures.column(app.dataSource(),
                        "select status || ' ' || attempts || ' ' || coalesce(last_error, '') from call_request")
                        + ", eSMS answered " + simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream().map(r -> r.code()).toList()
                        + ", inbox " + Fixtures.list(workDir.resolve("inbox/esms-record")) + ", readiness " + app.management("/observe/health/ready").body(), e);
            }
            // a paused account is the provider's state, not the node's: reported on readiness, neither probe fails
            assertThat(app.management("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(app.management("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(app.readinessCheck("esms-account").get("message").asText()).contains("(103)");
            // the file is registered whole and leaves the inbox; its calls wait in the ledger, none placed
            awaitDone(workDir, "esms-record", "low.csv");
            assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).extracting(r -> r.code()).containsOnly("103");
            assertThat(Fixtures.column(app.dataSource(), "select status from call_request")).hasSize(3).containsOnly("QUEUED");

            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.esms-record"))
                    .send(session.createTextMessage("{\"phone\":\"0912200009\",\"requestId\":\"paused-queue-1\"}"));
            // the message is taken and its call registered, but not placed while eSMS is paused
            await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(
                    Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'paused-queue-1'")));
            int attempts = simulator.received(EsmsVoice.MAKE_CALL_RECORD).size();
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
                    .until(() -> simulator.received(EsmsVoice.MAKE_CALL_RECORD).size() == attempts);
            assertThat(app.getAsOperator("/api/providers/esms").body()).contains("\"paused\":true").contains("\"code\":\"103\"");

            simulator.settings().set("balance", "500000");
            await().atMost(Duration.ofSeconds(40)).alias("results: file rows and the queued message")
                    .until(() -> results(workDir).stream().map(r -> r.get("requestId").asText()).toList(), r -> r.size() == 4);
            assertThat(resultsFor(workDir, "paused-queue-1")).hasSize(1);
            assertThat(app.pausedOnReadiness("esms-account")).isFalse();
            assertThat(simulator.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "100".equals(r.code())).hasSize(4);
        }
    }

    @Test
    void wrongKeysPauseUntilAnOperatorResumes() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.pause.probe-ms", "600000"); // no probe during this test: only the operator resumes
        // eSMS no longer knows the keys this node holds (rotated): every request, the balance probe's too, answers 101
        settings.put("voice.simulator.api-key", "rotated-api-key");
        try (RunningApp app = RunningApp.start(settings)) {
            drop(workDir, "esms-record", "keys.csv", "phone,requestId\n0912200101,keys-1\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account"));
            awaitDone(workDir, "esms-record", "keys.csv");
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'keys-1'")).isEqualTo("QUEUED");

            assertThat(resume(app, "wrong").statusCode()).isEqualTo(403);
            assertThat(app.pausedOnReadiness("esms-account")).isTrue();
            // the balance probe fails too while the keys are wrong: still paused
            await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> app.pausedOnReadiness("esms-account"));
            app.simulator().settings().set("api-key", RunningApp.API_KEY);
            assertThat(resume(app, RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "keys-1").size() == 1);
            assertThat(app.pausedOnReadiness("esms-account")).isFalse();
        }
    }

    @Test
    void vbotPausesOnRefusedCredentialsUntilItsProbeGetsATokenAndOnAReportedBalanceUntilAnOperatorResumes() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.pause.probe-ms", "500");
        settings.put("vbot.campaign.window-ms", "300");
        settings.put("voice.simulator.vbot-password", "changed-at-vbot");
        settings.put("voice.simulator.callbacks", "false");
        try (RunningApp app = RunningApp.start(settings)) {
            ProviderSimulator simulator = app.simulator();
            drop(workDir, "vbot-campaign", "creds.csv", "phone,requestId\n0912200201,creds-1\n");
            awaitDone(workDir, "vbot-campaign", "creds.csv");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.getAsOperator("/api/providers/vbot").body().contains("\"paused\":true"));
            assertThat(app.pausedOnReadiness("vbot-account")).isTrue();
            assertThat(app.management("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'creds-1'")).isEqualTo("QUEUED");

            // the password is fixed at VBot: the token probe resumes dispatch, and the call goes out
            simulator.settings().set("vbot-password", "sim-vbot-password");
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(
                    Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'creds-1'")));
            assertThat(app.getAsOperator("/api/providers/vbot").body()).contains("\"paused\":false");

            // VBot reports the balance too low for that phone: the call failed, VBot is paused, new work waits
            String campaign = Fixtures.single(app.dataSource(), "select provider_ref from call_request where request_id = 'creds-1'");
            HttpResponse<String> lowBalance = app.postVbotWebhook("{\"campaign_id\":" + campaign + ",\"phone\":\"0912200201\",\"status\":103,"
                    + "\"time_call\":0,\"postage\":0}", null);
            assertThat(lowBalance.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "creds-1").size() == 1);
            assertThat(resultsFor(workDir, "creds-1").get(0).get("reason").asText()).isEqualTo("VBot 103: balance too low");
            assertThat(app.getAsOperator("/api/providers/vbot").body()).contains("\"paused\":true").contains("\"code\":\"103\"");
            drop(workDir, "vbot-campaign", "later.csv", "phone,requestId\n0912200202,later-1\n");
            awaitDone(workDir, "vbot-campaign", "later.csv");
            // the probe does not resume a pause VBot reported itself: two probes later, the call still waits
            org.apache.camel.builder.NotifyBuilder probes = new org.apache.camel.builder.NotifyBuilder(app.context())
                    .fromRoute("vbot-account-probe").whenDone(2).create();
            assertThat(probes.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'later-1'")).isEqualTo("QUEUED");

            assertThat(resume(app, "vbot", "wrong").statusCode()).isEqualTo(403);
            assertThat(resume(app, "nobody", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(404);
            assertThat(resume(app, "vbot", RunningApp.ADMIN_TOKEN).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> "SUBMITTED".equals(
                    Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'later-1'")));
            assertThat(app.pausedOnReadiness("vbot-account")).isFalse();
        }
    }

    @Test
    void vbotAutoCallsWithoutTheirHotlineSettingPauseVbotAndKeepTheCalls() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.transport", "auto-call");
        settings.put("vbot.hotline-code", "");
        settings.put("vbot.campaign.window-ms", "300");
        try (RunningApp app = RunningApp.start(settings)) {
            drop(workDir, "vbot-campaign", "nohotline.csv", "phone,requestId\n0912200301,nohotline-1\n");
            awaitDone(workDir, "vbot-campaign", "nohotline.csv");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.getAsOperator("/api/providers/vbot").body().contains("\"paused\":true"));
            assertThat(app.getAsOperator("/api/providers/vbot").body()).contains("\"code\":\"config\"").contains("vbot.hotline-code");
            assertThat(app.simulator().received("vbot/m-auto-call/api/call/create-list-phone")).isEmpty();
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'nohotline-1'")).isEqualTo("QUEUED");
        }
    }

    private static HttpResponse<String> resume(RunningApp app, String token) throws Exception {
        return resume(app, "esms", token);
    }

    private static HttpResponse<String> resume(RunningApp app, String provider, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/providers/" + provider + "/resume"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
