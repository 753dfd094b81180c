package vn.voiceroutes.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.sink.CallResults.PublishedResult;
import vn.voiceroutes.sink.CallResults.Tally;

/** The metrics of a published batch are counted per tally: every result counted once, under its own tags. */
class CallResultsTallyTest {

    private final CallResults results = new CallResults(ZoneId.of("Asia/Ho_Chi_Minh"), Path.of("unused"));

    private static PublishedResult result(long id, String channel, String status, String reason) {
        return new PublishedResult(id, "r" + id, "{}", "2026-11-23", channel, status, reason, false);
    }

    @Test
    void countsEachResultOnceByChannelStatusAndRefusalReason() {
        List<Tally> tallies = results.tally(List.of(
                result(1, "esms-record", "ANSWERED", null),
                result(2, "esms-record", "ANSWERED", null),
                result(3, "esms-record", "FAILED", "eSMS 99: the number is unreachable"),
                result(4, "esms-record", "FAILED", "eSMS 98: another free-text reason"),
                result(5, "esms-template", "REJECTED", "do-not-call"),
                result(6, "esms-template", "REJECTED", "frequency-cap"),
                result(7, "esms-template", "REJECTED", "do-not-call")));

        assertThat(tallies).containsExactly(
                new Tally("esms-record", "ANSWERED", "", 2),
                // free-text reasons are no tag: one tally, not a counter per reason
                new Tally("esms-record", "FAILED", "", 2),
                new Tally("esms-template", "REJECTED", "do-not-call", 2),
                new Tally("esms-template", "REJECTED", "frequency-cap", 1));
        assertThat(tallies.stream().mapToInt(Tally::count).sum()).isEqualTo(7);
    }

    @Test
    void anEmptyBatchHasNoTally() {
        assertThat(results.tally(List.of())).isEmpty();
    }
}
