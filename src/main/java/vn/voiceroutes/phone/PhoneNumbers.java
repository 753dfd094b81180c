package vn.voiceroutes.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import vn.voiceroutes.model.InvalidRecordException;

/**
 * Vietnamese phone numbers as the providers expect them: the national form with its leading 0
 * (mobile 0[35789]x + 8 digits, landline 02 + 9 digits), from the +84 / 84 / 0 forms people write.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int VIETNAM = 84;

    private PhoneNumbers() {
    }

    /** The national form ("0912345678"), or an InvalidRecordException naming the field and why. */
    public static String normalize(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRecordException(field, "is empty");
        }
        String compact = raw.strip().replaceAll("[\\s.\\-()]", "");
        if (!compact.matches("\\+?\\d+")) {
            throw new InvalidRecordException(field, "'" + raw.strip() + "' is not a phone number");
        }
        // "84912345678" is the international form without its plus; libphonenumber would read it as national.
        if (compact.startsWith("84") && (compact.length() == 11 || compact.length() == 12)) {
            compact = "+" + compact;
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(compact, "VN");
        } catch (NumberParseException e) {
            throw new InvalidRecordException(field, "'" + raw.strip() + "' is not a phone number");
        }
        if (number.getCountryCode() != VIETNAM) {
            throw new InvalidRecordException(field, "'" + raw.strip() + "' is not a Vietnamese number");
        }
        String national = UTIL.getNationalSignificantNumber(number);
        // The carriers' current ranges, checked by rule rather than libphonenumber's isValidNumber, whose metadata
        // lags newly opened prefixes; libphonenumber still does the parsing of every written form.
        boolean mobile = national.length() == 9 && "35789".indexOf(national.charAt(0)) >= 0;
        boolean landline = national.length() == 10 && national.charAt(0) == '2';
        if (!mobile && !landline) {
            throw new InvalidRecordException(field, "'" + raw.strip()
                    + "' is neither a mobile (03x/05x/07x/08x/09x, 10 digits) nor a landline (02 + 9 digits) number");
        }
        return "0" + national;
    }
}
