package vn.voiceroutes.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-channel hours of several ranges inside the calling window, calling days and holidays, and what is refused. */
class CallingCalendarTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Set<String> ADVERTISING_CHANNELS = Set.of("esms-record", "esms-template");

    @TempDir
    Path dir;

    private CallingCalendar calendar(String global, Map<String, String> channels, String days, String holidays) throws Exception {
        Path file = dir.resolve("holidays.txt");
        Files.writeString(file, holidays);
        return CallingCalendar.configure(CallingWindow.parse(global, VIETNAM, Clock.system(VIETNAM)), channels, ADVERTISING_CHANNELS,
                days, file);
    }

    @Test
    void aChannelsRangesInsideTheCallingWindowOnCallingDaysAndNotOnHolidays() throws Exception {
        CallingCalendar calendar = calendar("08:00-17:00", Map.of("esms-record", "08:00-11:30,13:30-17:00"), "MON-FRI",
                "# Tết Dương lịch\n2027-01-01\n");
        LocalDateTime monday = LocalDateTime.of(2026, 12, 7, 12, 0);
        assertThat(calendar.allows("esms-record", "advertising", monday)).isFalse();
        assertThat(calendar.firstAllowed("esms-record", "advertising", monday)).isEqualTo(LocalDateTime.of(2026, 12, 7, 13, 30));
        assertThat(calendar.allows("esms-template", "advertising", monday)).isTrue();
        // after the last range of Friday: Monday's first
        assertThat(calendar.firstAllowed("esms-record", "advertising", LocalDateTime.of(2026, 12, 11, 17, 0)))
                .isEqualTo(LocalDateTime.of(2026, 12, 14, 8, 0));
        // the holiday is a Friday: the next calling day is Monday the 4th
        assertThat(calendar.firstAllowed("esms-template", "advertising", LocalDateTime.of(2026, 12, 31, 18, 0)))
                .isEqualTo(LocalDateTime.of(2027, 1, 4, 8, 0));
        // a transactional call keeps to its channel's hours, not to the days or holidays
        assertThat(calendar.allows("esms-record", "transactional", LocalDateTime.of(2027, 1, 1, 9, 0))).isTrue();
        assertThat(calendar.allows("esms-record", "transactional", LocalDateTime.of(2027, 1, 1, 12, 0))).isFalse();
        // a voice OTP rings at any hour
        assertThat(calendar.allows("esms-otp", "transactional", LocalDateTime.of(2027, 1, 1, 23, 0))).isTrue();
    }

    @Test
    void overlappingInvertedOrOutsideWindowsUnknownDaysAndBadHolidaysRefuseTheStart() {
        assertThatThrownBy(() -> calendar("", Map.of("esms-record", "08:00-12:00,11:00-17:00"), "", ""))
                .hasMessageContaining("voice.calling-window.esms-record").hasMessageContaining("overlap");
        assertThatThrownBy(() -> calendar("", Map.of("esms-record", "08:00-11:00,17:00-13:00"), "", ""))
                .hasMessageContaining("voice.calling-window.esms-record").hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> calendar("08:00-17:00", Map.of("esms-record", "18:00-20:00"), "", ""))
                .hasMessageContaining("voice.calling-window.esms-record").hasMessageContaining("no hour inside");
        assertThatThrownBy(() -> calendar("", Map.of(), "MON-FUN", "")).hasMessageContaining("voice.calling-days");
        assertThatThrownBy(() -> calendar("", Map.of(), "", "2027-13-01\n")).hasMessageContaining("line 1");
        // one range may still cross midnight, as the calling window always could
        assertThat(CallingWindow.parse("20:00-08:00", VIETNAM, Clock.system(VIETNAM)).contains(LocalDateTime.of(2026, 12, 7, 23, 0))).isTrue();
    }
}
