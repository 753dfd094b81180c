package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * VBot calls whose webhook never comes are completed from VBot's call-history list, with either transport: an
 * auto-call by its external_call_id, a campaign call by its phone and the time VBot lists it.
 */
class VbotCallHistoryPollTest {

    @TempDir
    Path workDir;

    @ParameterizedTest
    @ValueSource(strings = {"campaign", "auto-call"})
    void lostWebhooksAreCompletedFromTheCallHistory(String transport) throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("vbot.transport", transport);
        settings.put("vbot.campaign.window-ms", "300");
        settings.put("voice.simulator.callbacks", "false");
        settings.put("voice.poll.after-ms", "1000");
        settings.put("voice.poll.period-ms", "500");
        settings.put("voice.simulator.outcomes-by-phone", "0912700001:ANSWERED,0912700002:BUSY");
        try (RunningApp app = RunningApp.start(settings)) {
            drop(workDir, "vbot-campaign", "lost.csv", "phone,requestId\n0912700001,lost-1\n0912700002,lost-2\n");
            awaitDone(workDir, "vbot-campaign", "lost.csv");
            await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.column(app.dataSource(),
                    "select status from call_request where request_id in ('lost-1', 'lost-2')").equals(List.of("SUBMITTED", "SUBMITTED")));
            app.simulator().settings().set("http-errors", "2"); // the first polls fail: each call is asked again later
            await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "lost-1").size() == 1
                    && resultsFor(workDir, "lost-2").size() == 1);

            assertThat(resultsFor(workDir, "lost-1").get(0).get("status").asText()).isEqualTo("ANSWERED");
            assertThat(resultsFor(workDir, "lost-1").get(0).get("durationSeconds").asInt()).isPositive();
            assertThat(resultsFor(workDir, "lost-2").get(0).get("status").asText()).isEqualTo("BUSY");
            boolean v3 = transport.equals("auto-call");
            assertThat(Fixtures.column(app.dataSource(), "select kind from call_event where request_id in ('lost-1', 'lost-2')"))
                    .containsOnly(v3 ? "vbot-auto-call-cdr-poll" : "vbot-call-history-poll").hasSize(2);
            if (v3) {
                // v3 (changelog 2026-06-11, 2026-09-24): the auto-call CDR list, X-API-Key, no vbot_id or project_code
                List<Received> asked = app.simulator().received("vbot/m-auto-call/api/cdr/get-all");
                assertThat(asked).extracting(Received::httpStatus).containsOnly(500, 200)
                        .filteredOn(status -> status == 500).hasSize(2);
                assertThat(asked).extracting(r -> r.param("key_search")).contains("0912700001", "0912700002");
                assertThat(asked).allSatisfy(r -> {
                    assertThat(r.params()).doesNotContainKeys("vbot_id", "project_code");
                    assertThat(Long.parseLong(r.param("start_date"))).isGreaterThan(System.currentTimeMillis() - 600_000);
                });
                assertThat(app.simulator().received("vbot/api/crm/historycall/getAll")).isEmpty();
            } else {
                List<Received> asked = app.simulator().received("vbot/api/crm/historycall/getAll");
                assertThat(asked).extracting(Received::httpStatus).containsOnly(503, 200) // 401 without a token or the key
                        .filteredOn(status -> status == 503).hasSize(2);
                assertThat(asked).extracting(r -> r.param("phone")).contains("0912700001", "0912700002");
                assertThat(asked.get(0).param("vbot_id")).isEqualTo("sim-vbot-id");
                assertThat(asked.get(0).param("project_code")).isEqualTo("sim-group");
            }
        }
    }
}
