package vn.voiceroutes.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

import vn.voiceroutes.model.CallRequest;

/**
 * Whether a call claimed a moment ago may still go out: not if its campaign was paused or stopped since (on any
 * node). The claim itself skips paused campaigns (the ledger decides); this is the last look before each request,
 * so a batch claimed before the pause does not go on calling. The ledger's answer is read again at most every
 * {@code fresh} (a handful of campaigns, one query), never kept longer.
 */
public class CampaignGate {

    private final Supplier<Set<String>> notRunning;
    private final Duration fresh;
    private final Clock clock;
    private Set<String> held = Set.of();
    private Instant readAt = Instant.MIN;

    public CampaignGate(Supplier<Set<String>> notRunning, Duration fresh, Clock clock) {
        this.notRunning = notRunning;
        this.fresh = fresh;
        this.clock = clock;
    }

    /** True when the call's campaign is paused or stopped now: the call goes back to the ledger unsent. */
    public synchronized boolean holds(CallRequest call) {
        if (call == null || call.getCampaign() == null) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(fresh))) {
            held = Set.copyOf(notRunning.get());
            readAt = now;
        }
        return held.contains(call.getCampaign().id());
    }
}
