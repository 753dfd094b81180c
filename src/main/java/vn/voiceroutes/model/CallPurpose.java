package vn.voiceroutes.model;

import java.util.Locale;

/**
 * What a call is for, as Decree 91/2020/ND-CP tells calls apart: advertising calls keep to the do-not-call lists and
 * the frequency cap; transactional ones (OTP, order and appointment notices) do not.
 */
public final class CallPurpose {

    public static final String ADVERTISING = "advertising";
    public static final String TRANSACTIONAL = "transactional";

    /** The field a record may give its own purpose in, where its channel's route allows it. */
    public static final String FIELD = "purpose";

    private CallPurpose() {
    }

    /** One of the two purposes, whatever the case; anything else is refused, naming the field. */
    public static String parse(String field, String value) {
        String purpose = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!purpose.equals(ADVERTISING) && !purpose.equals(TRANSACTIONAL)) {
            throw new InvalidRecordException(field, "is '" + value + "': a call is either " + ADVERTISING + " or " + TRANSACTIONAL);
        }
        return purpose;
    }
}
