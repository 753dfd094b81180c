package vn.voiceroutes.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.TestClock;
import vn.voiceroutes.ledger.BatchLedger.Progress;

/** The progress log counts at most a fifth of the time: a slow count skips the ticks it would crowd. */
class FileProgressTest {

    @Test
    void aCountThatTookTwoSecondsIsNotAskedAgainForTenSeconds() {
        TestClock clock = new TestClock();
        AtomicInteger counted = new AtomicInteger();
        List<Progress> files = List.of(new Progress("esms-record", "list.csv", 1_000_000, 400_000, 300_000));
        FileProgress progress = new FileProgress(() -> {
            counted.incrementAndGet();
            clock.now = clock.now.plus(Duration.ofSeconds(2));
            return files;
        }, clock);

        assertThat(progress.due()).isEqualTo(files);
        clock.now = clock.now.plusSeconds(7); // 9 s after the count began
        assertThat(progress.due()).isEmpty();
        clock.now = clock.now.plusSeconds(1); // 10 s
        assertThat(progress.due()).isEqualTo(files);
        assertThat(counted).hasValue(2);
    }

    @Test
    void aQuickCountIsAskedEveryTick() {
        TestClock clock = new TestClock();
        AtomicInteger counted = new AtomicInteger();
        FileProgress progress = new FileProgress(() -> {
            counted.incrementAndGet();
            return List.of();
        }, clock);
        for (int tick = 0; tick < 3; tick++) {
            progress.due();
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(counted).hasValue(3);
    }
}
