package vn.voiceroutes.dispatch;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The hours of a day calls may ring: one range or several ("08:00-11:30,13:30-17:00", in the configured time zone;
 * empty = always). A single range may cross midnight ("20:00-08:00", as this setting has always allowed); in a list
 * of several, each range ends after it starts and none overlaps another, or the start is refused naming the key:
 * which hours were meant would not be clear. The one place that decides whether a time of day is inside the hours
 * and when they open next; the days they apply on are CallingCalendar's.
 */
public final class CallingWindow {

    private record Range(LocalTime start, LocalTime end) {
        boolean contains(LocalTime t) {
            return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        }
    }

    private final List<Range> ranges;
    private final ZoneId zone;
    private final Clock clock;
    private final String text;

    private CallingWindow(List<Range> ranges, ZoneId zone, Clock clock, String text) {
        this.ranges = ranges;
        this.zone = zone;
        this.clock = clock;
        this.text = text;
    }

    public static CallingWindow parse(String spec, ZoneId zone, Clock clock) {
        return parse("voice.calling-window", spec, zone, clock);
    }

    /** The hours a setting (its key named in a refusal) gives. */
    public static CallingWindow parse(String key, String spec, ZoneId zone, Clock clock) {
        if (spec == null || spec.isBlank()) {
            return new CallingWindow(List.of(), zone, clock, "always open");
        }
        List<Range> ranges = new ArrayList<>();
        for (String one : spec.strip().split("\\s*,\\s*")) {
            String[] parts = one.split("\\s*-\\s*");
            try {
                if (parts.length != 2) {
                    throw new DateTimeParseException("expected HH:mm-HH:mm", one, 0);
                }
                LocalTime start = LocalTime.parse(parts[0]);
                LocalTime end = LocalTime.parse(parts[1]);
                if (start.equals(end)) {
                    throw new DateTimeParseException("start and end are the same", one, 0);
                }
                ranges.add(new Range(start, end));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + " '" + spec + "' is not like 08:00-17:00 or 08:00-11:30,13:30-17:00: "
                        + e.getMessage());
            }
        }
        if (ranges.size() > 1) {
            ranges.sort(Comparator.comparing(Range::start));
            for (int i = 0; i < ranges.size(); i++) {
                Range range = ranges.get(i);
                if (!range.start().isBefore(range.end())) {
                    throw new IllegalArgumentException(key + " '" + spec + "': " + range.start() + "-" + range.end()
                            + " ends before it starts (only a window of one range may cross midnight)");
                }
                if (i > 0 && range.start().isBefore(ranges.get(i - 1).end())) {
                    throw new IllegalArgumentException(key + " '" + spec + "': " + ranges.get(i - 1).start() + "-"
                            + ranges.get(i - 1).end() + " and " + range.start() + "-" + range.end() + " overlap");
                }
            }
        }
        StringBuilder text = new StringBuilder();
        ranges.forEach(range -> text.append(text.length() == 0 ? "" : ",").append(range.start()).append('-').append(range.end()));
        return new CallingWindow(List.copyOf(ranges), zone, clock, text + " " + zone);
    }

    public boolean isAlwaysOpen() {
        return ranges.isEmpty();
    }

    public ZoneId zone() {
        return zone;
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
        return isAlwaysOpen() || ranges.stream().anyMatch(range -> range.contains(time.toLocalTime()));
    }

    /** {@code time} itself when inside the window, else the window's next opening after it. */
    public LocalDateTime firstAllowed(LocalDateTime time) {
        if (contains(time)) {
            return time;
        }
        LocalDateTime next = null;
        for (Range range : ranges) {
            LocalDateTime opening = time.toLocalDate().atTime(range.start());
            if (!opening.isAfter(time)) {
                opening = opening.plusDays(1);
            }
            next = next == null || opening.isBefore(next) ? opening : next;
        }
        return next;
    }

    @Override
    public String toString() {
        return text;
    }
}
