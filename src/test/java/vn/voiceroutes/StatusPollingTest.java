package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.awaitSent;
import static vn.voiceroutes.Fixtures.column;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/** A callback that never arrives: status polling completes the call; a call nobody can report on expires. */
class StatusPollingTest {

    @TempDir
    Path workDir;

    @Test
    void pollingCompletesCallsWhoseCallbackNeverCameAndExpiresThoseNobodyReports() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.simulator.callbacks", "false");
        settings.put("voice.simulator.callback-delay-ms", "1000");
        settings.put("voice.simulator.outcomes-by-phone", "0912400001:ANSWERED,0912400002:NO_ANSWER");
        settings.put("voice.simulator.codes-by-phone", "0912400003:124");
        settings.put("voice.poll.after-ms", "300");
        settings.put("voice.poll.period-ms", "300");
        settings.put("voice.poll.expire-after-ms", "5000");
        try (RunningApp app = RunningApp.start(settings)) {
            drop(workDir, "esms-record", "silent.csv", "phone,requestId\n0912400001,silent-1\n0912400002,silent-2\n0912400003,silent-3\n");
            drop(workDir, "esms-otp", "silent-otp.csv", "phone,code,requestId\n0912400001,4321,silent-otp-1\n");
            awaitDone(workDir, "esms-record", "silent.csv");
            awaitSent(app.dataSource());

            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "silent-1").size() == 1
                    && resultsFor(workDir, "silent-2").size() == 1);
            assertThat(resultsFor(workDir, "silent-1").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(resultsFor(workDir, "silent-1").get(0).get("durationSeconds").asInt()).isPositive();
            // the status page spells it NOANSWERED
            assertThat(resultsFor(workDir, "silent-2").get(0).get("status").asText()).isEqualTo("NO_ANSWER");
            assertThat(app.simulator().received(EsmsVoice.GET_SEND_STATUS)).extracting(Received::code).contains("105", "100");
            assertThat(column(app.dataSource(), "select distinct kind from call_event where request_id in ('silent-1', 'silent-2')"))
                    .containsExactly("esms-voice-status");
            assertThat(app.simulator().callbackAttempts()).isEmpty();

            // voice OTP is asked about on the rest API, by RefId
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "silent-otp-1").size() == 1);
            assertThat(resultsFor(workDir, "silent-otp-1").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(app.simulator().received(EsmsVoice.GET_SEND_STATUS)).anyMatch(r -> r.param(EsmsVoice.REF_ID) != null);
            assertThat(column(app.dataSource(), "select distinct kind from call_event where request_id = 'silent-otp-1'"))
                    .containsExactly("esms-message-status");

            // 124 gave no SMSID to ask about: no report ever comes, and the call expires.
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "silent-3").size() == 1);
            assertThat(resultsFor(workDir, "silent-3").get(0).get("status").asText()).isEqualTo("EXPIRED");
            assertThat(resultsFor(workDir, "silent-3").get(0).get("reason").asText()).startsWith("no outcome reported within");
        }
    }
}
