package vn.voiceroutes.source;

import java.util.Map;
import java.util.TreeMap;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * The one mapping from a record (CSV row, JSON object, JSON message) to the canonical call request: fields named
 * like the channel's documented parameters (any case) are parameters, every other field is a template variable.
 * What no provider could take as written is refused here, naming the field: control characters (a line break inside
 * a template variable would shift the values the customer hears), the replacement character U+FFFD (text that was
 * decoded with the wrong encoding), values longer than any provider field.
 */
public final class CallRequests {

    /** No provider field takes more: a longer value is a mistake (a document pasted into a cell). */
    public static final int MAX_VALUE_CHARS = 1_000;

    private CallRequests() {
    }

    /** The call request of a record, with the record's own RequestId if it has one (else none yet). */
    public static CallRequest fromRow(String channel, InputRow row) {
        if (row.problem() != null) {
            throw new InvalidRecordException("record", row.problem());
        }
        CallRequest request = new CallRequest();
        request.setChannel(channel);
        for (Map.Entry<String, String> field : row.values().entrySet()) {
            String name = field.getKey().strip();
            String value = checkedValue(name, field.getValue());
            checkedValue("the name of field " + name, name);
            String param = Channels.parameter(channel, name);
            if (param != null) {
                if (!value.isEmpty()) {
                    request.getParams().put(param, value);
                }
            } else {
                request.getVariables().put(name, value);
            }
        }
        String ownId = request.getParams().remove(CallRequest.REQUEST_ID);
        if (ownId != null) {
            request.setRequestId(checkedRequestId(ownId));
        }
        return request;
    }

    private static String checkedValue(String field, String value) {
        if (value.length() > MAX_VALUE_CHARS) {
            throw new InvalidRecordException(field, "is " + value.length() + " characters long; a field holds at most "
                    + MAX_VALUE_CHARS);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                throw new InvalidRecordException(field, "holds a control character (" + describe(c) + ") at position " + (i + 1)
                        + "; a call is only placed with values it can read out as written");
            }
            if (c == '\uFFFD') {
                throw new InvalidRecordException(field, "holds U+FFFD, the mark of text decoded with the wrong encoding "
                        + "(send UTF-8)");
            }
        }
        return value;
    }

    private static String describe(char c) {
        return switch (c) {
            case '\n' -> "a line break, U+000A";
            case '\r' -> "a carriage return, U+000D";
            case '\t' -> "a tab, U+0009";
            case '\0' -> "NUL, U+0000";
            default -> String.format("U+%04X", (int) c);
        };
    }

    /** Exchange properties a source route sets to give its channel's records defaults: "default.templateId". */
    public static final String DEFAULT_PREFIX = "default.";

    /** Fills the parameters a record left empty with the defaults its source route set. */
    public static void applyDefaults(CallRequest request, org.apache.camel.Exchange exchange) {
        Map<String, String> params = request.getParams();
        exchange.getProperties().forEach((key, value) -> {
            if (key.startsWith(DEFAULT_PREFIX) && value != null && !value.toString().isBlank()) {
                String param = Channels.parameter(request.getChannel(), key.substring(DEFAULT_PREFIX.length()));
                if (param == null) {
                    throw new IllegalArgumentException("The route sets a default for unknown parameter " + key);
                }
                params.putIfAbsent(param, value.toString());
            }
        });
    }

    static String checkedRequestId(String requestId) {
        String id = requestId.strip();
        if (id.length() > CallRequest.REQUEST_ID_MAX) {
            throw new InvalidRecordException("requestId", "is longer than " + CallRequest.REQUEST_ID_MAX + " characters");
        }
        if (!id.matches("[\\x21-\\x7E]+")) {
            throw new InvalidRecordException("requestId", "may hold only printable ASCII characters without spaces");
        }
        return id;
    }

    /**
     * What makes two requests the same call: channel, phone (in its national form), parameters and variables, as the
     * record gave them with the route's defaults, before anything time-dependent (a SendDate set for the calling
     * window) is added. Variables keep their order (a template without a file reads them in order).
     */
    public static String contentKey(CallRequest request) {
        StringBuilder canonical = new StringBuilder(request.getChannel()).append('\n').append(request.getPhone());
        new TreeMap<>(request.getParams()).forEach((name, value) -> {
            if (!CallRequest.REQUEST_ID.equals(name)) {
                canonical.append("\np:").append(name).append('=').append(value);
            }
        });
        request.getVariables().forEach((name, value) -> canonical.append("\nv:").append(name).append('=').append(value));
        return sha256(canonical.toString());
    }

    /**
     * The RequestId of a file row without one of its own: a function of its channel, the day the file is read for
     * and what the call is, so a corrected file dropped again the same day calls only the rows not called yet, and the
     * same list dropped another day is called again.
     */
    public static String fileRowRequestId(String intakeDay, String contentKey) {
        return derivedRequestId("file:" + intakeDay + ':' + contentKey);
    }

    /** The RequestId of a queue message without one of its own: its JMS message id, which a redelivery keeps. */
    public static String messageRequestId(String channel, String messageId) {
        return derivedRequestId(channel + ":queue:" + messageId);
    }

    /** 32 characters, a function of the origin only. */
    static String derivedRequestId(String origin) {
        return "vr" + sha256(origin).substring(0, 30);
    }

    private static String sha256(String text) {
        return vn.voiceroutes.model.Sha256.hex(text);
    }
}
