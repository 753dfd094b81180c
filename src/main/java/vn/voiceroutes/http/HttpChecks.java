package vn.voiceroutes.http;

import java.math.BigDecimal;

/**
 * What every value an HTTP endpoint stores must be: text without control characters (a NUL cannot even be stored),
 * within the length its column holds, and figures that are numbers in their range. A value that is not is the
 * caller's mistake, answered 400 with the parameter's name, never a 500 and never stored.
 */
public final class HttpChecks {

    /** The longest call a report may claim; anything longer is not a phone call. */
    public static final long MAX_CALL_SECONDS = vn.voiceroutes.model.CallOutcome.MAX_SECONDS;
    /** Prices are stored as numeric(16, 4). */
    private static final BigDecimal MAX_PRICE = new BigDecimal("999999999999");

    private HttpChecks() {
    }

    /** A text value: no control characters, at most maxLength characters. Null stays null. */
    public static String text(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.getType(value.charAt(i)) == Character.CONTROL) {
                throw new BadRequestException(name + " holds a control character (U+" + String.format("%04X", (int) value.charAt(i)) + ")");
            }
            if (value.charAt(i) == '\uFFFD') {
                throw new BadRequestException(name + " is not UTF-8 text");
            }
        }
        if (value.length() > maxLength) {
            throw new BadRequestException(name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    /** A count of seconds: blank, or a whole or decimal number from 0 to a day. */
    public static void seconds(String name, String value) {
        BigDecimal number = number(name, value);
        if (number != null && (number.signum() < 0 || number.compareTo(BigDecimal.valueOf(MAX_CALL_SECONDS)) > 0)) {
            throw new BadRequestException(name + " '" + value + "' is not a duration from 0 to " + MAX_CALL_SECONDS + " seconds");
        }
    }

    /** An amount of money or a count: blank, or a number from 0 up. */
    public static void amount(String name, String value) {
        BigDecimal number = number(name, value);
        if (number != null && (number.signum() < 0 || number.compareTo(MAX_PRICE) > 0)) {
            throw new BadRequestException(name + " '" + value + "' is not an amount from 0 to " + MAX_PRICE.toPlainString());
        }
    }

    private static BigDecimal number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " '" + value + "' is not a number");
        }
    }
}
