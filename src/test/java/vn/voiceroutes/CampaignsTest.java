package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsForFile;
import static vn.voiceroutes.Fixtures.single;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;

/**
 * A campaign (a dropped file) is run, not fired: paused, nothing of it reaches the provider while another campaign's
 * calls go on; resumed, every row is called once in all; stopped, its calls not placed end CANCELLED and its report
 * lists them. Through the API as operators' systems use it, against the simulator.
 */
class CampaignsTest {

    private static final String CHANNEL = "esms-record";

    @TempDir
    static Path workDir;

    static RunningApp app;
    static ProviderSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        // slow enough to pause a file part way: 10 calls a second, 2 at a time, claimed 5 at a time
        settings.put("esms.requests-per-second", "10");
        settings.put("esms.max-in-flight", "2");
        settings.put("esms.dispatch.batch", "5");
        app = RunningApp.start(settings);
        simulator = app.simulator();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static String rows(String prefix, int first, int count) {
        StringBuilder rows = new StringBuilder("phone,requestId\n");
        for (int i = first; i < first + count; i++) {
            rows.append(String.format("09135%05d,%s-%d%n", i, prefix, i));
        }
        return rows.toString();
    }

    private static List<String> placed(String prefix) {
        return simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream().map(r -> r.param(EsmsVoice.REQUEST_ID))
                .filter(id -> id != null && id.startsWith(prefix + "-")).toList();
    }

    private static JsonNode campaignOf(String fileName) throws Exception {
        for (JsonNode campaign : Fixtures.JSON.readTree(app.getAsOperator("/api/campaigns").body())) {
            if (fileName.equals(campaign.path("name").asText())) {
                return campaign;
            }
        }
        return null;
    }

    @Test
    void aPausedCampaignIsNotCalledWhileAnotherGoesOnAndResumedItIsCalledOnceInAll() throws Exception {
        drop(workDir, CHANNEL, "paused.csv", rows("paused", 0, 40));
        await().atMost(Duration.ofSeconds(20)).until(() -> placed("paused").size() >= 5);
        String id = await().atMost(Duration.ofSeconds(10)).until(() -> campaignOf("paused.csv"), c -> c != null).path("id").asText();

        var paused = app.post("/api/campaigns/" + id + "/pause");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(paused.body()).contains("\"state\":\"PAUSED\"").contains("\"previous\":\"RUNNING\"");
        // what was on the wire as the pause was answered (at most max-in-flight calls) arrives; nothing after it
        int atPause = placed("paused").size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> placed("paused").size() - atPause <= 2);
        int settled = placed("paused").size();
        assertThat(settled).isLessThan(40);

        // another campaign's calls go on meanwhile, and the paused file's rows still in it are all registered
        drop(workDir, CHANNEL, "other.csv", rows("other", 100, 6));
        await().atMost(Duration.ofSeconds(20)).until(() -> placed("other").size() == 6);
        assertThat(placed("paused")).hasSize(settled);
        assertThat(single(app.dataSource(), "select count(*) from call_request where request_id like 'paused-%'")).isEqualTo("40");
        await().atMost(Duration.ofSeconds(5)).until(() -> "PAUSED".equals(campaignOf("paused.csv").path("state").asText()));

        var resumed = app.post("/api/campaigns/" + id + "/resume");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> resultsForFile(workDir, "paused.csv").size() == 40);
        assertThat(placed("paused")).hasSize(40).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(5)).until(() -> "COMPLETED".equals(campaignOf("paused.csv").path("state").asText()));
        // both kept with who asked
        assertThat(app.getAsOperator("/api/operator-actions").body()).contains("\"action\":\"pause\"").contains("\"action\":\"resume\"")
                .contains(id);
    }

    @Test
    void aStoppedCampaignsCallsNotPlacedEndCancelledAndItsReportListsThem() throws Exception {
        drop(workDir, CHANNEL, "stopped.csv", rows("stopped", 200, 30));
        await().atMost(Duration.ofSeconds(20)).until(() -> placed("stopped").size() >= 3);
        String id = await().atMost(Duration.ofSeconds(10)).until(() -> campaignOf("stopped.csv"), c -> c != null).path("id").asText();

        var stopped = app.post("/api/campaigns/" + id + "/stop");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        JsonNode answer = Fixtures.JSON.readTree(stopped.body());
        assertThat(answer.path("state").asText()).isEqualTo("STOPPED");
        await().atMost(Duration.ofSeconds(30)).until(() -> resultsForFile(workDir, "stopped.csv").size() == 30);
        List<JsonNode> results = resultsForFile(workDir, "stopped.csv");
        long cancelled = results.stream().filter(r -> "CANCELLED".equals(r.path("status").asText())).count();
        // every row not placed is cancelled: none of them reached eSMS
        assertThat(cancelled).isEqualTo(30 - placed("stopped").size()).isGreaterThanOrEqualTo(answer.path("cancelled").asLong()).isPositive();
        assertThat(results).filteredOn(r -> "CANCELLED".equals(r.path("status").asText()))
                .allSatisfy(r -> assertThat(r.path("reason").asText()).isEqualTo("cancelled by operator"));
        assertThat(campaignOf("stopped.csv").path("state").asText()).isEqualTo("STOPPED");

        // the report lists the rows that were never placed
        Path reports = workDir.resolve("outbox/reports");
        Path report = await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.list(reports).stream()
                .filter(p -> p.getFileName().toString().contains("stopped")).findFirst().orElse(null), p -> p != null);
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text.lines().filter(line -> line.contains(",CANCELLED,cancelled by operator")).count()).isEqualTo(cancelled);
        assertThat(text).contains(cancelled + " CANCELLED");

        // a stopped campaign stays stopped; a campaign the ledger does not hold, or an action it does not know, is 404
        assertThat(app.post("/api/campaigns/" + id + "/resume").statusCode()).isEqualTo(409);
        assertThat(app.post("/api/campaigns/no-such-campaign/pause").statusCode()).isEqualTo(404);
        assertThat(app.post("/api/campaigns/" + id + "/restart").statusCode()).isEqualTo(404);
    }

    @Test
    void aQueuesMessagesOfOneDayAreOneCampaign() throws Exception {
        jakarta.jms.Session session = app.jms().createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
        session.createProducer(session.createQueue("voice.esms-record"))
                .send(session.createTextMessage("{\"phone\":\"0913599001\",\"requestId\":\"queued-campaign-1\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> single(app.dataSource(),
                "select campaign_id from call_request where request_id = 'queued-campaign-1'") != null);
        String id = single(app.dataSource(), "select campaign_id from call_request where request_id = 'queued-campaign-1'");
        assertThat(id).matches("queue:voice\\.esms-record:\\d{4}-\\d{2}-\\d{2}");
        // the listing is answered again at most once a second
        await().atMost(Duration.ofSeconds(5)).until(() -> app.getAsOperator("/api/campaigns").body().contains("\"id\":\"" + id + "\""));
        assertThat(app.post("/api/campaigns/" + id + "/pause").statusCode()).isEqualTo(200);
        assertThat(app.post("/api/campaigns/" + id + "/resume").statusCode()).isEqualTo(200);
    }
}
