package vn.voiceroutes.model;

import java.math.BigDecimal;

/**
 * What a provider's report or status answer says of a call, in our terms: every provider's reader maps to this, and
 * the ledger stores only this. Status SUBMITTED means "not final yet". Figures a provider reported malformed or
 * impossible stay empty (the raw report is kept with the event).
 */
public record CallOutcome(CallStatus status, Integer durationSeconds, BigDecimal price, String ivr, String reason) {

    /** The longest call any figure may say: a day. */
    public static final long MAX_SECONDS = 86_400;

    /** A report that names a call but says nothing of its outcome: stored as an event, the call left as it is. */
    public static final CallOutcome NONE = new CallOutcome(CallStatus.SUBMITTED, null, null, null, null);

    /** A report without an outcome. */
    public boolean isNone() {
        return this == NONE;
    }

    /** A duration in seconds, or VBot call history's "00:00:08"; from 0 to a day, else none. */
    public static Integer seconds(String value) {
        try {
            if (value != null && value.strip().matches("\\d{1,3}:\\d{2}:\\d{2}")) {
                String[] parts = value.strip().split(":");
                return plausibleSeconds(Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Integer.parseInt(parts[2]));
            }
            return value == null || value.isBlank() ? null : plausibleSeconds(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A price from 0 below 10^12 (the ledger's numeric(16, 4)), else none. */
    public static BigDecimal price(String value) {
        try {
            return value == null || value.isBlank() ? null : plausiblePrice(new BigDecimal(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A count or duration from 0 to a day, else none: a negative or absurd figure is never stored (the raw report is). */
    public static Integer plausibleSeconds(double value) {
        return value >= 0 && value <= MAX_SECONDS ? (int) value : null;
    }

    /** A price from 0 below 10^12 (the ledger's numeric(16, 4)), else none. */
    public static BigDecimal plausiblePrice(BigDecimal value) {
        return value.signum() >= 0 && value.compareTo(new BigDecimal("1000000000000")) < 0 ? value : null;
    }
}
