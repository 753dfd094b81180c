package vn.voiceroutes.esms;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * Turns a call request into a valid MakeCallRecord_V2 request: applies the defaults the source route set
 * (exchange properties named "default.&lt;param&gt;"), then checks every parameter, naming the field that is wrong.
 */
public class EsmsRecordCalls {

    public static final String DEFAULT_PREFIX = "default.";

    private static final List<DateTimeFormatter> ACCEPTED_DATES = List.of(EsmsVoice.SEND_DATE_FORMAT,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        applyDefaults(request, exchange);
        Map<String, String> params = request.getParams();

        String phone = PhoneNumbers.normalize("phone", params.get(EsmsVoice.PHONE));
        request.setPhone(phone);
        params.put(EsmsVoice.PHONE, phone);

        String templateId = params.get(EsmsVoice.TEMPLATE_ID);
        if (templateId == null || templateId.isBlank()) {
            throw new InvalidRecordException("templateId", "is missing (no column value and no default in the route)");
        }
        params.put(EsmsVoice.TEMPLATE_ID, templateId.strip());

        if (params.containsKey(EsmsVoice.NUMBER_FORWARD)) {
            params.put(EsmsVoice.NUMBER_FORWARD, PhoneNumbers.normalize("numberForward", params.get(EsmsVoice.NUMBER_FORWARD)));
        }
        for (String counter : List.of(EsmsVoice.MAX_REPEAT, EsmsVoice.MAX_RETRY, EsmsVoice.TIME_WAIT_TO_IVR, EsmsVoice.WAIT_RETRY)) {
            if (params.containsKey(counter)) {
                params.put(counter, nonNegative(counter, params.get(counter)));
            }
        }
        String ivr = params.get(EsmsVoice.IVR);
        if (ivr != null && !ivr.strip().matches("[0-9]")) {
            throw new InvalidRecordException("ivr", "'" + ivr + "' is not one key 0-9");
        }
        if (params.containsKey(EsmsVoice.SEND_DATE)) {
            params.put(EsmsVoice.SEND_DATE, sendDate(params.get(EsmsVoice.SEND_DATE)));
        }
        return request;
    }

    private static void applyDefaults(CallRequest request, Exchange exchange) {
        Map<String, String> params = request.getParams();
        exchange.getProperties().forEach((key, value) -> {
            if (key.startsWith(DEFAULT_PREFIX) && value != null && !value.toString().isBlank()) {
                String param = canonicalName(key.substring(DEFAULT_PREFIX.length()));
                if (param == null) {
                    throw new IllegalArgumentException("The route sets a default for unknown parameter " + key);
                }
                params.putIfAbsent(param, value.toString());
            }
        });
    }

    /** The documented name for a column or field name, matched case-insensitively; null if not a parameter. */
    public static String canonicalName(String name) {
        for (String param : EsmsVoice.RECORD_CALL_PARAMS) {
            if (param.equalsIgnoreCase(name.strip())) {
                return param;
            }
        }
        return null;
    }

    private static String nonNegative(String param, String value) {
        String field = Character.toLowerCase(param.charAt(0)) + param.substring(1);
        try {
            int number = Integer.parseInt(value.strip());
            if (number < 0) {
                throw new InvalidRecordException(field, "'" + value + "' is negative");
            }
            return Integer.toString(number);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(field, "'" + value + "' is not a whole number");
        }
    }

    /** Accepts eSMS's own form, ISO and "yyyy-MM-dd HH:mm[:ss]" (Vietnam time unless an offset is given). */
    static String sendDate(String value) {
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(EsmsVoice.VIETNAM).format(EsmsVoice.SEND_DATE_FORMAT);
        } catch (DateTimeParseException ignored) {
            // not an instant with an offset: try the local forms below
        }
        for (DateTimeFormatter format : ACCEPTED_DATES) {
            try {
                return LocalDateTime.parse(text, format).format(EsmsVoice.SEND_DATE_FORMAT);
            } catch (DateTimeParseException ignored) {
                // try the next accepted form
            }
        }
        throw new InvalidRecordException("sendDate", "'" + value + "' is not a date like 2026/12/12 14:00:00");
    }
}
