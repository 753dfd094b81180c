package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;
import static vn.voiceroutes.Fixtures.single;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * eSMS calls outside the calling window wait in our own ledger, HELD until it opens, and reach eSMS only then, with
 * no SendDate: so a do-not-call entry made while they wait reaches them. The window here opens 20 s after the test
 * starts, whatever the time of day.
 */
class HeldUntilDueTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @TempDir
    static Path workDir;

    static RunningApp app;
    static ProviderSimulator simulator;
    static ZonedDateTime opening;

    @BeforeAll
    static void start() throws Exception {
        opening = ZonedDateTime.now(VIETNAM).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> settings = RunningApp.defaults(workDir);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss");
        settings.put("voice.calling-window", opening.format(time) + "-" + opening.plusHours(3).format(time));
        app = RunningApp.start(settings);
        simulator = app.simulator();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static List<Received> placed(String requestId) {
        return simulator.received(EsmsVoice.MAKE_CALL_RECORD).stream().filter(r -> requestId.equals(r.param(EsmsVoice.REQUEST_ID))).toList();
    }

    @Test
    void aCallRegisteredOutsideTheWindowReachesEsmsOnlyOnceItOpensAndOneListedWhileHeldNever() throws Exception {
        drop(workDir, "esms-record", "early.csv", "phone,requestId\n0913700001,early-1\n0913700002,early-2\n");
        awaitDone(workDir, "esms-record", "early.csv");
        assertThat(Fixtures.column(app.dataSource(), "select status || ' ' || extract(epoch from next_attempt_at)::bigint "
                + "from call_request where request_id like 'early-%' order by request_id"))
                .containsExactly("HELD " + opening.toEpochSecond(), "HELD " + opening.toEpochSecond());
        // the number opts out while its call waits
        var optOut = app.post("/api/opt-outs/0913700002?reason=asked+by+phone");
        assertThat(optOut.statusCode()).as(optOut.body()).isBetween(200, 299);

        await().atMost(Duration.ofSeconds(60)).until(() -> resultsFor(workDir, "early-1").size() == 1
                && resultsFor(workDir, "early-2").size() == 1);
        Received call = placed("early-1").get(0);
        assertThat(call.at()).isAfterOrEqualTo(opening.toInstant());
        assertThat(call.param(EsmsVoice.SEND_DATE)).isNull();
        assertThat(placed("early-2")).isEmpty();
        assertThat(resultsFor(workDir, "early-2").get(0).get("status").asText()).isEqualTo("REJECTED");
        assertThat(resultsFor(workDir, "early-2").get(0).get("reason").asText()).isEqualTo("do-not-call");
        assertThat(Instant.now()).isAfter(opening.toInstant());
    }
}
