package vn.voiceroutes.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The hours calls may ring, as a rule alone: no application started. */
class CallingWindowTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static CallingWindow window(String spec) {
        return CallingWindow.parse("voice.calling-window", spec, VIETNAM, Clock.system(VIETNAM));
    }

    private static LocalDateTime at(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 12, day, hour, minute);
    }

    @Test
    void aRangeAcrossMidnightIsOpenLateAndEarlyAndOpensAgainInTheEvening() {
        CallingWindow night = window("20:00-08:00");
        assertThat(night.contains(at(7, 23, 0))).isTrue();
        assertThat(night.contains(at(8, 0, 0))).isTrue();
        assertThat(night.contains(at(8, 7, 59))).isTrue();
        assertThat(night.contains(at(8, 8, 0))).as("the end is not inside").isFalse();
        assertThat(night.contains(at(8, 19, 59))).isFalse();
        assertThat(night.contains(at(8, 20, 0))).as("the start is").isTrue();
        // closed in the day: it opens the same evening; open after midnight: now
        assertThat(night.firstAllowed(at(8, 12, 0))).isEqualTo(at(8, 20, 0));
        assertThat(night.firstAllowed(at(8, 8, 0))).isEqualTo(at(8, 20, 0));
        assertThat(night.firstAllowed(at(8, 2, 30))).isEqualTo(at(8, 2, 30));
    }

    @Test
    void severalRangesOpenAtTheNextOneAndAfterTheLastOneTheNextMorning() {
        CallingWindow office = window("13:30-17:00, 08:00-11:30");
        assertThat(office.contains(at(7, 11, 29))).isTrue();
        assertThat(office.contains(at(7, 11, 30))).isFalse();
        assertThat(office.firstAllowed(at(7, 11, 30))).isEqualTo(at(7, 13, 30));
        assertThat(office.firstAllowed(at(7, 12, 0))).isEqualTo(at(7, 13, 30));
        assertThat(office.firstAllowed(at(7, 17, 0))).isEqualTo(at(8, 8, 0));
        assertThat(office.firstAllowed(at(7, 23, 59))).isEqualTo(at(8, 8, 0));
        assertThat(office.firstAllowed(at(8, 0, 0))).isEqualTo(at(8, 8, 0));
        assertThat(office).hasToString("08:00-11:30,13:30-17:00 Asia/Ho_Chi_Minh");
    }

    @Test
    void noHoursMeansAlwaysOpen() {
        CallingWindow always = window(" ");
        assertThat(always.isAlwaysOpen()).isTrue();
        assertThat(always.contains(at(7, 3, 0))).isTrue();
        assertThat(always.firstAllowed(at(7, 3, 0))).isEqualTo(at(7, 3, 0));
    }

    @Test
    void hoursThatAreNotClearRefuseNamingTheKey() {
        assertThatThrownBy(() -> CallingWindow.parse("esms.record.calling-window", "8-17", VIETNAM, Clock.systemUTC()))
                .hasMessageStartingWith("esms.record.calling-window '8-17' is not like 08:00-17:00");
        assertThatThrownBy(() -> window("08:00-08:00")).hasMessageContaining("start and end are the same");
        assertThatThrownBy(() -> window("08:00")).hasMessageContaining("expected HH:mm-HH:mm");
        // in a list, a range across midnight or two that overlap: which hours were meant is not clear
        assertThatThrownBy(() -> window("20:00-08:00,09:00-10:00")).hasMessageContaining("20:00-08:00 ends before it starts");
        assertThatThrownBy(() -> window("08:00-12:00,11:00-13:00")).hasMessageContaining("08:00-12:00 and 11:00-13:00 overlap");
        // touching is not overlapping
        assertThat(window("08:00-12:00,12:00-13:00").contains(at(7, 12, 0))).isTrue();
    }
}
