package vn.voiceroutes.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.TestClock;

/** Wrong tokens by address: the limit in the window refuses the address until its oldest failure leaves it. */
class FailedSignInsTest {

    @Test
    void anAddressIsRefusedAfterTheLimitUntilItsOldestFailureLeavesTheWindow() {
        TestClock clock = new TestClock();
        FailedSignIns failures = new FailedSignIns(3, Duration.ofMinutes(10), clock);
        failures.failed("203.0.113.7");
        clock.now = clock.now.plusSeconds(60);
        failures.failed("203.0.113.7");
        assertThat(failures.allowed("203.0.113.7")).isTrue();
        failures.failed("203.0.113.7");
        assertThat(failures.allowed("203.0.113.7")).isFalse();
        assertThat(failures.allowed("198.51.100.1")).as("another address").isTrue();
        assertThat(failures.retryAfter("203.0.113.7")).isEqualTo(Duration.ofMinutes(9));

        clock.now = clock.now.plus(Duration.ofMinutes(9)).minusSeconds(1);
        assertThat(failures.allowed("203.0.113.7")).isFalse();
        clock.now = clock.now.plusSeconds(1);
        assertThat(failures.allowed("203.0.113.7")).as("the first failure left the window").isTrue();
        assertThat(failures.retryAfter("203.0.113.7")).isZero();
    }

    /** A flood of addresses, each still inside its window, grew the map past its cap (12,000 seen): now it stays at it. */
    @Test
    void aFloodOfAddressesKeepsTheCapTheOldestForgottenFirst() {
        TestClock clock = new TestClock();
        FailedSignIns failures = new FailedSignIns(3, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 3; i++) {
            failures.failed("203.0.113.7");
        }
        for (int i = 0; i < FailedSignIns.MOST_ADDRESSES + 2_000; i++) {
            failures.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(failures.addresses()).isEqualTo(FailedSignIns.MOST_ADDRESSES);
        assertThat(failures.retryAfter("203.0.113.7")).as("the oldest, forgotten").isZero();
    }

    /** Guessing spread over many addresses, each under its own limit, meets the ceiling of all of them together. */
    @Test
    void wrongTokensFromManyAddressesMeetAGlobalCeiling() {
        TestClock clock = new TestClock();
        FailedSignIns failures = new FailedSignIns(3, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 3 * FailedSignIns.GLOBAL_FACTOR; i++) {
            assertThat(failures.allowed("10.0." + (i / 250) + "." + (i % 250))).isTrue();
            failures.failed("10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(failures.allowed("198.51.100.1")).as("a new address, past the ceiling").isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(failures.allowed("198.51.100.1")).as("the window passed").isTrue();
    }
}
