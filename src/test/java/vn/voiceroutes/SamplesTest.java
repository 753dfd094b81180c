package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.tools.SendToQueue;

/** The samples the README tells newcomers to copy or send go through, every channel from its folder or queue. */
class SamplesTest {

    @TempDir
    Path workDir;

    @Test
    void everySampleOfTheReadmeBecomesCallsWithResults() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.campaign.window-ms", "300");
        // the embedded defaults as a newcomer runs them: the application's own embedded PostgreSQL
        settings.remove("voice.db.url");
        settings.remove("voice.db.username");
        // and Decree 91's cap as shipped (one advertising call per phone a day): every sample has phones of its own,
        // so following the README in order answers every one of them
        settings.remove("voice.compliance.max-advertising-calls-per-24h");
        try (RunningApp app = RunningApp.start(settings)) {
            // "Try it" first: the recording channel's sample, its 4 valid rows
            Files.copy(Path.of("samples/esms-record-sample.csv"), workDir.resolve("inbox/esms-record/esms-record-sample.csv"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.results(workDir).size() == 4);
            for (String channel : List.of("esms-template", "vbot-campaign")) {
                Path sample = Path.of("samples", channel + "-sample.csv");
                Files.copy(sample, workDir.resolve("inbox").resolve(channel).resolve(sample.getFileName()));
            }
            String broker = "tcp://127.0.0.1:" + settings.get("voice.broker.port");
            // the embedded broker's user and the password it generated into the work folder, as bin/send-to-queue reads them
            String user = vn.voiceroutes.config.EmbeddedBroker.DEFAULT_USER;
            String password = SendToQueue.embeddedPassword(workDir);
            assertThat(SendToQueue.send(broker, user, password, "voice.esms-otp", "samples/esms-otp-messages.jsonl")).hasSize(2);
            assertThat(SendToQueue.send(broker, user, password, "voice.esms-record", "samples/esms-record-messages.jsonl")).hasSize(1);
            assertThat(SendToQueue.send(broker, user, password, "voice.esms-record", "{\"phone\":\"0912345679\",\"requestId\":\"sample-inline-1\"}"))
                    .hasSize(1);

            List<String> expected = List.of("sample-tts-1", "sample-tts-2", "sample-vbot-1", "sample-vbot-2", "sample-otp-1",
                    "sample-otp-2", "sample-queue-1", "sample-inline-1");
            await().atMost(Duration.ofSeconds(30)).until(() -> expected.stream().allMatch(id -> {
                try {
                    return resultsFor(workDir, id).size() == 1;
                } catch (java.io.IOException e) {
                    return false;
                }
            }));
            for (String id : expected) {
                assertThat(resultsFor(workDir, id).get(0).get("status").asText()).as(id).isNotEqualTo("REJECTED");
            }
            assertThat(Fixtures.results(workDir)).hasSize(4 + expected.size())
                    .allSatisfy(result -> assertThat(result.get("status").asText()).as(result.toString()).isNotEqualTo("REJECTED"));
            String metrics = app.management("/observe/metrics").body();
            assertThat(metrics).containsPattern("voice_calls_final_total\\{[^}]*channel=\"vbot-campaign\"")
                    .containsPattern("voice_calls_final_total\\{[^}]*channel=\"esms-otp\"").contains("jvm_memory_used_bytes")
                    .doesNotContain(RunningApp.API_KEY, RunningApp.SECRET_KEY, "sim-vbot-password",
                            Files.readString(workDir.resolve("data/esms-callback-token")).trim(),
                            Files.readString(workDir.resolve("data/vbot-webhook-token")).trim());
            try (var files = Files.walk(workDir.resolve("errors"))) {
                // no sample row is refused but the recording sample's three bad ones, on purpose
                assertThat(files.filter(Files::isRegularFile).map(f -> workDir.resolve("errors").relativize(f).toString()).toList())
                        .containsExactly("esms-record/esms-record-sample.csv.errors.csv");
            }
        }
    }
}
