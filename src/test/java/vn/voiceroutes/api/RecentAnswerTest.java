package vn.voiceroutes.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.TestClock;

/** The console's questions are asked again only once their last answer is stale: at least 1 s, or 5 times its cost. */
class RecentAnswerTest {

    @Test
    void aFreshAnswerIsGivenAgainAndAStaleOneAskedAgain() throws Exception {
        TestClock clock = new TestClock();
        ConsoleQueries.Recent<Integer> recent = new ConsoleQueries.Recent<>(clock);
        AtomicInteger asked = new AtomicInteger();

        assertThat(recent.get(48, asked::incrementAndGet)).isEqualTo(1);
        clock.now = clock.now.plusMillis(999);
        assertThat(recent.get(48, asked::incrementAndGet)).isEqualTo(1);
        // another question (another period) has its own answer
        assertThat(recent.get(24, asked::incrementAndGet)).isEqualTo(2);
        clock.now = clock.now.plusMillis(2);
        assertThat(recent.get(48, asked::incrementAndGet)).isEqualTo(3);
    }

    @Test
    void aSlowQuestionWaitsFiveTimesWhatItTook() throws Exception {
        TestClock clock = new TestClock();
        ConsoleQueries.Recent<String> recent = new ConsoleQueries.Recent<>(clock);
        AtomicInteger asked = new AtomicInteger();
        // the question takes 1 s of the test clock: its answer stays fresh 5 s after it came
        recent.get(48, () -> {
            asked.incrementAndGet();
            clock.now = clock.now.plus(Duration.ofSeconds(1));
            return "slow";
        });
        clock.now = clock.now.plusSeconds(4);
        recent.get(48, () -> "asked again " + asked.incrementAndGet());
        assertThat(asked).hasValue(1);
    }
}
