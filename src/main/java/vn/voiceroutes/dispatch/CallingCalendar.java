package vn.voiceroutes.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vn.voiceroutes.model.CallPurpose;

/**
 * When a call may ring: the calling window (voice.calling-window) for the calls of channels that advertise (a voice
 * OTP rings at any hour); its channel's own window (voice.calling-window.&lt;channel&gt;, several ranges a day, inside
 * the calling window) for every call of that channel; and, for advertising calls, the calling days
 * (voice.calling-days, every day unless set) and never on a holiday (config/calendar/holidays.txt). The one place
 * that decides whether a call may ring at a time, and when it may next.
 */
public final class CallingCalendar {

    private final CallingWindow global;
    private final Map<String, CallingWindow> channels;
    private final Set<String> globalChannels;
    private final Set<DayOfWeek> days;
    private final Set<LocalDate> holidays;
    private final String text;

    private CallingCalendar(CallingWindow global, Map<String, CallingWindow> channels, Set<String> globalChannels,
            Set<DayOfWeek> days, Set<LocalDate> holidays) {
        this.global = global;
        this.channels = Map.copyOf(channels);
        this.globalChannels = Set.copyOf(globalChannels);
        this.days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
        this.holidays = Set.copyOf(holidays);
        StringBuilder text = new StringBuilder("calling window ").append(global);
        channels.forEach((channel, window) -> text.append(", ").append(channel).append(' ').append(window));
        text.append(", days ").append(this.days.size() == 7 ? "every day" : this.days).append(", ")
                .append(holidays.size()).append(" holiday(s)");
        this.text = text.toString();
    }

    /** Only the calling window (tests, and the tools that place no advertising call). */
    public static CallingCalendar of(CallingWindow global, Set<String> globalChannels) {
        return new CallingCalendar(global, Map.of(), globalChannels, Set.of(), Set.of());
    }

    /**
     * From the settings: channelWindows by channel (its voice.calling-window.&lt;channel&gt;), days as "MON-FRI" or
     * "MON,TUE,SAT", holidays from a file of one date (yyyy-MM-dd) a line, # for comments. What is not clear refuses
     * the start, naming the key or the file's line; so does a channel window with no hour inside the calling window.
     */
    public static CallingCalendar configure(CallingWindow global, Map<String, String> channelWindows, Set<String> globalChannels,
            String days, Path holidaysFile) throws IOException {
        Map<String, CallingWindow> windows = new HashMap<>();
        channelWindows.forEach((channel, spec) -> {
            if (spec != null && !spec.isBlank()) {
                String key = "voice.calling-window." + channel;
                CallingWindow window = CallingWindow.parse(key, spec, global.zone(), java.time.Clock.system(global.zone()));
                if (globalChannels.contains(channel) && !global.isAlwaysOpen() && !overlaps(global, window)) {
                    throw new IllegalArgumentException(key + " '" + spec + "' has no hour inside voice.calling-window " + global);
                }
                windows.put(channel, window);
            }
        });
        return new CallingCalendar(global, windows, globalChannels, days(days), holidays(holidaysFile));
    }

    private static boolean overlaps(CallingWindow a, CallingWindow b) {
        LocalDateTime t = LocalDate.of(2026, 1, 5).atStartOfDay();
        for (int minute = 0; minute < 24 * 60; minute++) {
            if (a.contains(t.plusMinutes(minute)) && b.contains(t.plusMinutes(minute))) {
                return true;
            }
        }
        return false;
    }

    static Set<DayOfWeek> days(String spec) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (spec == null || spec.isBlank()) {
            return days;
        }
        for (String part : spec.strip().toUpperCase(java.util.Locale.ROOT).split("\\s*,\\s*")) {
            String[] ends = part.split("\\s*-\\s*");
            DayOfWeek first = day(ends[0], spec);
            DayOfWeek last = ends.length == 2 ? day(ends[1], spec) : first;
            if (ends.length > 2 || last.compareTo(first) < 0) {
                throw new IllegalArgumentException("voice.calling-days '" + spec + "': " + part + " is not a day or a range MON-FRI");
            }
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String spec) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().startsWith(name) && name.length() >= 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("voice.calling-days '" + spec + "': '" + name + "' is not a day (MON, TUE, ... SUN)");
    }

    static Set<LocalDate> holidays(Path file) throws IOException {
        Set<LocalDate> dates = new HashSet<>();
        if (file == null || !Files.exists(file)) {
            return dates;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                dates.add(LocalDate.parse(line));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + line + "' is not a date like 2027-01-01");
            }
        }
        return dates;
    }

    public LocalDateTime now() {
        return global.now();
    }

    public java.time.OffsetDateTime instant(LocalDateTime time) {
        return global.instant(time);
    }

    /** Whether a call of this channel and purpose may ring at this time. */
    public boolean allows(String channel, String purpose, LocalDateTime time) {
        if (globalChannels.contains(channel) && !global.contains(time)) {
            return false;
        }
        CallingWindow own = channels.get(channel);
        if (own != null && !own.contains(time)) {
            return false;
        }
        return !CallPurpose.ADVERTISING.equals(purpose) || days.contains(time.getDayOfWeek()) && !holidays.contains(time.toLocalDate());
    }

    public boolean isOpenNow(String channel, String purpose) {
        return allows(channel, purpose, now());
    }

    /**
     * {@code time} itself when the call may ring then, else the first moment after it when it may: each rule that
     * stops it moves the time to its next opening until none does (within a year, or the rules never meet).
     */
    public LocalDateTime firstAllowed(String channel, String purpose, LocalDateTime time) {
        LocalDateTime t = time;
        LocalDateTime limit = time.plusYears(1);
        while (t.isBefore(limit)) {
            LocalDateTime before = t;
            if (globalChannels.contains(channel)) {
                t = global.firstAllowed(t);
            }
            CallingWindow own = channels.get(channel);
            if (own != null) {
                t = own.firstAllowed(t);
            }
            if (CallPurpose.ADVERTISING.equals(purpose) && (!days.contains(t.getDayOfWeek()) || holidays.contains(t.toLocalDate()))) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            }
            if (t.equals(before)) {
                return t;
            }
        }
        throw new IllegalStateException("No time within a year when a " + purpose + " call of " + channel + " may ring (" + this + ")");
    }

    /** The hours a call of this channel and purpose keeps to, in words, for a refusal. */
    public String hoursOf(String channel, String purpose) {
        StringBuilder hours = new StringBuilder(globalChannels.contains(channel) ? global.toString() : "(any hour)");
        CallingWindow own = channels.get(channel);
        if (own != null) {
            hours.append(" and ").append(channel).append("'s ").append(own);
        }
        if (CallPurpose.ADVERTISING.equals(purpose) && days.size() < 7) {
            hours.append(" on ").append(days);
        }
        if (CallPurpose.ADVERTISING.equals(purpose) && !holidays.isEmpty()) {
            hours.append(" but not on a holiday");
        }
        return hours.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
