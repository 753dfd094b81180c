package vn.voiceroutes.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong admin tokens by address (the console's form or the API's bearer): after {@code limit} in a window, the address
 * is refused, right token or not, until its oldest failure leaves the window. The business port also takes the
 * providers' callbacks, so it faces the internet; this keeps guessing the token slow. Per node.
 */
public class FailedSignIns {

    /** The addresses kept at most: a flood of addresses cannot grow the map without bound. */
    static final int MOST_ADDRESSES = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public FailedSignIns(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Whether this address may try a token now. */
    public boolean allowed(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return true;
        }
        synchronized (times) {
            forgetOld(times);
            return times.size() < limit;
        }
    }

    /** When this address may try again: now if it may. */
    public Duration retryAfter(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            forgetOld(times);
            return times.size() < limit ? Duration.ZERO : Duration.between(clock.instant(), times.peekFirst().plus(window));
        }
    }

    public void failed(String address) {
        if (failures.size() >= MOST_ADDRESSES) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    forgetOld(times);
                    return times.isEmpty();
                }
            });
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            forgetOld(times);
            times.addLast(clock.instant());
        }
    }

    private void forgetOld(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }
}
