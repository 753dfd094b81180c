package vn.voiceroutes.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Wrong admin tokens by address (the console's form or the API's bearer): after {@code limit} in a window, the
 * address's wrong tokens are refused until its oldest failure leaves the window; the right token still passes, so a
 * guesser behind one NAT does not lock its operators out. The business port also takes the providers' callbacks, so it
 * faces the internet; this keeps guessing slow and the log quiet. Per node.
 *
 * <p>At most {@link #MOST_ADDRESSES} addresses are kept, whatever comes: past that, the address whose last failure is
 * oldest is forgotten first (a flood from many addresses grew the map past its cap, each still inside its window).
 * Guessing from many addresses has a ceiling of its own: past {@link #GLOBAL_FACTOR} times the limit of wrong tokens in
 * the window from all addresses together, every wrong token is refused until the oldest leaves the window.
 */
public class FailedSignIns {

    /** The addresses kept at most: a flood of addresses cannot grow the map without bound. */
    static final int MOST_ADDRESSES = 10_000;
    /** The wrong tokens of all addresses together, in the window, as a multiple of one address's limit. */
    static final int GLOBAL_FACTOR = 100;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    /** By last failure, oldest first (access order: failed() touches its address); guarded by itself. */
    private final Map<String, Deque<Instant>> failures = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MOST_ADDRESSES;
        }
    };

    /** Every wrong token of the window, all addresses together (at most limit * GLOBAL_FACTOR kept); guarded by failures. */
    private final Deque<Instant> all = new ArrayDeque<>();

    public FailedSignIns(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Whether this address may try a token now. */
    public boolean allowed(String address) {
        synchronized (failures) {
            forgetOld(all);
            if (all.size() >= globalLimit()) {
                return false;
            }
            Deque<Instant> times = failures.get(address);
            if (times == null) {
                return true;
            }
            forgetOld(times);
            return times.size() < limit;
        }
    }

    /** When this address may try again: now if it may. */
    public Duration retryAfter(String address) {
        synchronized (failures) {
            Deque<Instant> times = failures.get(address);
            if (times == null) {
                return Duration.ZERO;
            }
            forgetOld(times);
            return times.size() < limit ? Duration.ZERO : Duration.between(clock.instant(), times.peekFirst().plus(window));
        }
    }

    public void failed(String address) {
        synchronized (failures) {
            Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
            forgetOld(times);
            // at most limit kept: more say nothing more, and a flood from one address cannot grow its list
            if (times.size() >= limit) {
                times.removeFirst();
            }
            times.addLast(clock.instant());
            forgetOld(all);
            if (all.size() >= globalLimit()) {
                all.removeFirst();
            }
            all.addLast(clock.instant());
        }
    }

    private int globalLimit() {
        return limit * GLOBAL_FACTOR;
    }

    /** How many addresses are kept now. */
    int addresses() {
        synchronized (failures) {
            return failures.size();
        }
    }

    private void forgetOld(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }
}
