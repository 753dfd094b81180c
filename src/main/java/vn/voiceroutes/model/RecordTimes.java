package vn.voiceroutes.model;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * A moment a record gives (sendDate, notAfter): eSMS's own form "2026/12/12 14:00:00", "2026-12-12 14:00[:00]", ISO
 * ("2026-12-12T14:00:00"), read as Vietnam time unless an offset is given ("2026-12-12T14:00:00+07:00"). Strictly:
 * 2027/02/30 is an error naming the field, never the 28th. The one place these forms are read.
 */
public final class RecordTimes {

    /** Vietnam's time: what records, eSMS's and VBot's dates are given in (the one place of the zone's name). */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** "uuuu" because STRICT reads "yyyy" as a year of an era. */
    private static final List<DateTimeFormatter> ACCEPTED = List.of(
            strict("uuuu/MM/dd HH:mm:ss"), strict("uuuu-MM-dd HH:mm:ss"), strict("uuuu-MM-dd HH:mm"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);

    private RecordTimes() {
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The value as Vietnam's local time; not a date and time: refused, naming the field. */
    public static LocalDateTime vietnamTime(String field, String value) {
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(VIETNAM).toLocalDateTime();
        } catch (DateTimeParseException ignored) {
            // not an instant with an offset: try the local forms below
        }
        for (DateTimeFormatter format : ACCEPTED) {
            try {
                return LocalDateTime.parse(text, format);
            } catch (DateTimeParseException ignored) {
                // try the next accepted form
            }
        }
        throw new InvalidRecordException(field, "'" + value + "' is not a date and time like 2026/12/12 14:00:00");
    }

    /** The value as an instant with Vietnam's offset. */
    public static OffsetDateTime instant(String field, String value) {
        return vietnamTime(field, value).atZone(VIETNAM).toOffsetDateTime();
    }
}
