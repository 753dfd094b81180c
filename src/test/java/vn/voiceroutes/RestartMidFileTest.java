package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.results;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;
import vn.voiceroutes.simulator.SimulatorSettings;

/**
 * The application stopped hard in the middle of a file and started again on the same work folder (and so the same
 * embedded database): every row is called exactly once and every outcome is delivered once. The simulator runs
 * outside the application here, as the real provider would, so it remembers RequestIds across the restart.
 */
class RestartMidFileTest {

    private static final int ROWS = 40;

    @TempDir
    Path workDir;

    @Test
    void aRestartInTheMiddleOfAFileNeitherLosesNorRepeatsACall() throws Exception {
        SimulatorSettings providerSettings = new SimulatorSettings();
        providerSettings.set("api-key", RunningApp.API_KEY);
        providerSettings.set("secret-key", RunningApp.SECRET_KEY);
        providerSettings.set("answer-delay-ms", "100");
        providerSettings.set("callback-delay-ms", "100");
        providerSettings.set("callback-retry-delay-ms", "1000");
        try (ProviderSimulator provider = new ProviderSimulator(providerSettings, "127.0.0.1", 0)) {
            provider.start();
            Map<String, String> settings = RunningApp.defaults(workDir);
            settings.put("voice.simulator.enabled", "false");
            settings.put("esms.voice-url", provider.baseUrl());
            settings.put("camel.main.shutdown-timeout", "1");
            // callbacks eSMS sent while the application was down are lost once its resends run out (a slow restart on
            // a busy machine): the status poll finds those outcomes, as in production, sooner here
            settings.put("voice.poll.after-ms", "2000");
            settings.put("voice.poll.period-ms", "500");

            StringBuilder csv = new StringBuilder("phone\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append(String.format("09120%05d%n", i));
            }
            RunningApp first = RunningApp.start(settings);
            try {
                drop(workDir, "esms-record", "big.csv", csv.toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> provider.received(EsmsVoice.MAKE_CALL_RECORD).size() >= 8);
            } finally {
                first.close();
            }
            int beforeRestart = provider.received(EsmsVoice.MAKE_CALL_RECORD).size();
            assertThat(beforeRestart).as("the stop came in the middle of the file").isLessThan(ROWS);

            try (RunningApp second = RunningApp.start(settings)) {
                awaitDone(workDir, "esms-record", "big.csv");
                await().atMost(Duration.ofSeconds(60)).until(() -> results(workDir).size() >= ROWS);
                // nothing more comes: no call placed again, no result published again
                int requests = provider.received(EsmsVoice.MAKE_CALL_RECORD).size();
                await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() ->
                        provider.received(EsmsVoice.MAKE_CALL_RECORD).size() == requests && results(workDir).size() == ROWS);

                List<Received> accepted = provider.received(EsmsVoice.MAKE_CALL_RECORD).stream()
                        .filter(r -> "100".equals(r.code())).toList();
                Map<String, Long> acceptedPerRequest = accepted.stream()
                        .collect(Collectors.groupingBy(r -> r.param(EsmsVoice.REQUEST_ID), Collectors.counting()));
                assertThat(acceptedPerRequest).hasSize(ROWS).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));

                List<JsonNode> lines = results(workDir);
                assertThat(lines).hasSize(ROWS);
                assertThat(lines.stream().map(r -> r.get("requestId").asText()).collect(Collectors.toSet()))
                        .isEqualTo(acceptedPerRequest.keySet());
                Map<String, Long> statuses = lines.stream().collect(Collectors.groupingBy(r -> r.get("status").asText(), Collectors.counting()));
                assertThat(statuses.keySet()).isSubsetOf("ANSWERED", "NO_ANSWER", "FAILED");
                assertThat(Fixtures.column(second.dataSource(), "select status from call_request")).hasSize(ROWS)
                        .allMatch(s -> statuses.containsKey(s));
                assertThat(lines.stream().map(r -> r.get("source").get("line").asLong()).distinct().count()).isEqualTo(ROWS);
                Function<JsonNode, String> file = r -> r.get("source").get("file").asText();
                assertThat(lines).extracting(file::apply).containsOnly("big.csv");
            }
        }
    }
}
