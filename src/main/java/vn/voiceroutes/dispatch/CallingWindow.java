package vn.voiceroutes.dispatch;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The hours calls may ring (voice.calling-window, e.g. "08:00-17:00", in the configured time zone; empty = always).
 * A window may cross midnight ("20:00-08:00"). The one place that decides whether a time is inside it and when it
 * opens next.
 */
public final class CallingWindow {

    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId zone;
    private final Clock clock;
    private final String text;

    private CallingWindow(LocalTime start, LocalTime end, ZoneId zone, Clock clock, String text) {
        this.start = start;
        this.end = end;
        this.zone = zone;
        this.clock = clock;
        this.text = text;
    }

    public static CallingWindow parse(String spec, ZoneId zone, Clock clock) {
        if (spec == null || spec.isBlank()) {
            return new CallingWindow(null, null, zone, clock, "always open");
        }
        String[] parts = spec.strip().split("\\s*-\\s*");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("expected HH:mm-HH:mm", spec, 0);
            }
            LocalTime start = LocalTime.parse(parts[0]);
            LocalTime end = LocalTime.parse(parts[1]);
            if (start.equals(end)) {
                throw new DateTimeParseException("start and end are the same", spec, 0);
            }
            return new CallingWindow(start, end, zone, clock, start + "-" + end + " " + zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("voice.calling-window '" + spec + "' is not like 08:00-17:00: " + e.getMessage());
        }
    }

    public boolean isAlwaysOpen() {
        return start == null;
    }

    public LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(zone));
    }

    /** A time of this window's zone as an instant with its offset. */
    public java.time.OffsetDateTime instant(LocalDateTime time) {
        return time.atZone(zone).toOffsetDateTime();
    }

    public boolean isOpenNow() {
        return contains(now());
    }

    public boolean contains(LocalDateTime time) {
        if (isAlwaysOpen()) {
            return true;
        }
        LocalTime t = time.toLocalTime();
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code time} itself when inside the window, else the window's next opening after it. */
    public LocalDateTime firstAllowed(LocalDateTime time) {
        if (contains(time)) {
            return time;
        }
        LocalDateTime opening = time.toLocalDate().atTime(start);
        return opening.isAfter(time) ? opening : opening.plusDays(1);
    }

    @Override
    public String toString() {
        return text;
    }
}
