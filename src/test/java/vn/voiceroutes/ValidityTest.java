package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;

/**
 * A call only useful until a moment (an OTP, an appointment reminder) is not placed after it: one whose notAfter,
 * or its channel's validity, passes while eSMS is paused ends EXPIRED, reported and published, and never reaches
 * eSMS. (A notAfter in the past, before the record's sendDate, or not a real date refuses the record: CampaignsTest.)
 */
class ValidityTest {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path workDir;

    @Test
    void aCallPastItsTimeWhileEsmsIsPausedEndsExpiredAndIsNeverSent() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.validity.esms-otp-ms", "3000");
        settings.put("voice.validity.sweep-ms", "200");
        // resumed by nobody during the test (the balance probe asks every 30 s as shipped)
        settings.put("voice.pause.probe-ms", "600000");
        try (RunningApp app = RunningApp.start(settings)) {
            // the account's balance is gone: a call is answered 103 and eSMS is paused
            app.simulator().settings().set("forced-code", "103");
            drop(workDir, "esms-otp", "trigger.csv", "phone,code,requestId\n0913800009,9999,otp-trigger\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account"));
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh"));
            String soon = now.plusSeconds(5).format(LOCAL);
            drop(workDir, "esms-otp", "codes.csv", "phone,code,requestId,notAfter\n0913800001,1234,otp-default,\n"
                    + "0913800002,5678,otp-own," + soon + "\n");
            awaitDone(workDir, "esms-otp", "codes.csv");

            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "otp-default").size() == 1
                    && resultsFor(workDir, "otp-own").size() == 1);
            for (String id : List.of("otp-default", "otp-own")) {
                JsonNode result = resultsFor(workDir, id).get(0);
                assertThat(result.get("status").asText()).isEqualTo("EXPIRED");
                assertThat(result.get("reason").asText()).startsWith("not placed before ");
            }
            assertThat(resultsFor(workDir, "otp-own").get(0).get("reason").asText()).contains(soon);
            // neither reached eSMS; the call that found the balance gone expired too (the channel's 3 s)
            assertThat(app.simulator().received(EsmsVoice.SEND_OTP_POST)).extracting(r -> r.param(EsmsVoice.REQUEST_ID))
                    .containsOnly("otp-trigger");
            await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(workDir, "otp-trigger").size() == 1);
            assertThat(resultsFor(workDir, "otp-trigger").get(0).get("status").asText()).isEqualTo("EXPIRED");
            assertThat(app.pausedOnReadiness("esms-account")).isTrue();
        }
    }
}
