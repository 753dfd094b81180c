package vn.voiceroutes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock a test moves by hand (its {@code now}), for rules that count time. */
public final class TestClock extends Clock {

    public Instant now = Instant.parse("2026-11-23T08:00:00Z");

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
