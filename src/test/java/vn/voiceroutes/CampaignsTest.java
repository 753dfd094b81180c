package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;
import static vn.voiceroutes.Fixtures.resultsForFile;
import static vn.voiceroutes.Fixtures.single;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;

/**
 * A campaign (a dropped file) is run, not fired: paused, nothing of it reaches the provider while another campaign's
 * calls go on; resumed, every row is called once in all; stopped, its calls not placed end CANCELLED and its report
 * lists them. Through the API as operators' systems use it, against the simulator. And what comes before a campaign:
 * its preview (a 1,000-row file, 1,000 lines, nobody called), and its records' times refused where they are not clear.
 */
class CampaignsTest {

    private static final String CHANNEL = "esms-record";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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

    private static List<String> placedIds(String prefix) {
        return simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream().map(r -> r.param(EsmsVoice.REQUEST_ID))
                .filter(id -> id != null && id.startsWith(prefix)).toList();
    }

    /** Before a campaign: a preview of its file (PreviewTest's figure). */
    @Test
    void aPreviewOfAThousandRowsWritesAThousandLinesAndCallsNobody() throws Exception {
        {
            assertThat(app.post("/api/opt-outs/0914000007?reason=asked").statusCode()).isBetween(200, 299);
            StringBuilder rows = new StringBuilder("phone,requestId\n");
            for (int i = 0; i < 1000; i++) {
                // row 500 holds no phone number
                rows.append(i == 500 ? "not-a-phone" : String.format("0914%06d", i)).append(",preview-").append(i).append('\n');
            }
            Path folder = workDir.resolve("preview/esms-record");
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("big.csv.tmp"), rows, StandardCharsets.UTF_8);
            Files.move(folder.resolve("big.csv.tmp"), folder.resolve("big.csv"));

            Path previews = workDir.resolve("outbox/previews");
            Path preview = await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(previews) ? Fixtures.list(previews).stream()
                    .filter(p -> p.getFileName().toString().endsWith("big.csv.preview.csv")).findFirst().orElse(null) : null, p -> p != null);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(folder.resolve(".done")) && !Fixtures.list(folder.resolve(".done")).isEmpty());
            List<String> lines = Files.readAllLines(preview, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(1001);
            assertThat(lines.get(0)).isEqualTo("line,requestId,phone,verdict,placedAt,request,reason");
            assertThat(lines.get(1)).startsWith("2,preview-0,0914000000,call now,,GET MakeCallRecord_V2?").contains("ApiKey=****")
                    .contains("SecretKey=****").contains("RequestId=preview-0");
            assertThat(lines).filteredOn(line -> line.startsWith("502,")).singleElement().asString().contains("invalid").contains("phone: ");
            assertThat(lines).filteredOn(line -> line.startsWith("9,")).singleElement().asString().contains("refused").contains("do-not-call");
            String text = String.join("\n", lines);
            for (String secret : List.of(RunningApp.API_KEY, RunningApp.SECRET_KEY,
                    Files.readString(workDir.resolve("data/esms-callback-token")).trim())) {
                assertThat(text).doesNotContain(secret);
            }
            // nothing registered, nothing sent
            assertThat(app.simulator().received()).noneMatch(r -> String.valueOf(r.param(EsmsVoice.PHONE)).startsWith("0914"));
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_request where phone like '0914%'")).isEqualTo("0");
            // and the file never reached the inbox
            try (var inbox = Files.walk(workDir.resolve("inbox/esms-record"))) {
                assertThat(inbox.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("big.csv"));
            }
        }
    }

    /** Before a campaign: its records' times (validity). */
    @Test
    void aNotAfterInThePastBeforeItsSendDateOrNotARealDateRefusesTheRecord() throws Exception {
        {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh"));
            String sendDate = now.plusHours(2).format(LOCAL);
            drop(workDir, "esms-record", "times.csv", "phone,requestId,sendDate,notAfter\n"
                    + "0913800011,times-past,," + now.minusMinutes(5).format(LOCAL) + "\n"
                    + "0913800012,times-early," + sendDate + "," + now.plusHours(1).format(LOCAL) + "\n"
                    + "0913800013,times-unreal,,2027/02/30 10:00:00\n"
                    + "0913800014,times-good,," + now.plusHours(1).format(LOCAL) + "\n");
            awaitDone(workDir, "esms-record", "times.csv");
            List<String> errors = Files.readAllLines(workDir.resolve("errors/esms-record/times.csv.errors.csv"), StandardCharsets.UTF_8);
            assertThat(errors).anySatisfy(line -> assertThat(line).contains("times.csv,2,notAfter,").contains("is in the past"));
            assertThat(errors).anySatisfy(line -> assertThat(line).contains("times.csv,3,notAfter,").contains("is not after its sendDate"));
            assertThat(errors).anySatisfy(line -> assertThat(line).contains("times.csv,4,notAfter,").contains("is not a date and time"));
            assertThat(errors).noneMatch(line -> line.contains("times.csv,5,"));
            await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "times-good").size() == 1);
            assertThat(placedIds("times-")).containsExactly("times-good");
        }
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
