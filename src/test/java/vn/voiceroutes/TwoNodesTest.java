package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.results;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * Two nodes on one broker, one database and one work folder (the second node uses the first one's broker over TCP
 * and its database over JDBC, as production nodes would share real ones): both pick up the same dropped file, and
 * still every row is called once and every outcome published once.
 */
class TwoNodesTest {

    private static final int ROWS = 30;

    @TempDir
    Path workDir;

    @Test
    void twoNodesReadingTheSameFileCallEachRowOnceAndPublishEachOutcomeOnce() throws Exception {
        Map<String, String> first = RunningApp.defaults(workDir);
        first.put("voice.simulator.answer-delay-ms", "20");
        try (RunningApp nodeA = RunningApp.start(first)) {
            ProviderSimulator provider = nodeA.simulator();
            Map<String, String> second = RunningApp.defaults(workDir);
            second.put("voice.simulator.enabled", "false");
            second.put("esms.voice-url", provider.baseUrl());
            second.put("voice.broker.url", "tcp://127.0.0.1:" + first.get("voice.broker.port"));
            second.put("voice.db.url", ((HikariDataSource) nodeA.dataSource()).getJdbcUrl());
            second.put("voice.db.username", "postgres");
            try (RunningApp nodeB = RunningApp.start(second)) {
                StringBuilder csv = new StringBuilder("phone\n");
                for (int i = 0; i < ROWS; i++) {
                    csv.append(String.format("09126%05d%n", i));
                }
                drop(workDir, "esms-record", "shared.csv", csv.toString());

                await().atMost(Duration.ofSeconds(60)).until(() -> results(workDir).size() >= ROWS);
                Thread.sleep(1500);
                List<Received> accepted = provider.received(EsmsVoice.MAKE_CALL_RECORD).stream()
                        .filter(r -> "100".equals(r.code())).toList();
                Map<String, Long> perRequest = accepted.stream()
                        .collect(Collectors.groupingBy(r -> r.param(EsmsVoice.REQUEST_ID), Collectors.counting()));
                assertThat(perRequest).hasSize(ROWS).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
                List<JsonNode> lines = results(workDir);
                assertThat(lines).hasSize(ROWS);
                assertThat(lines.stream().map(r -> r.get("requestId").asText()).distinct().count()).isEqualTo(ROWS);
            }
        }
    }
}
