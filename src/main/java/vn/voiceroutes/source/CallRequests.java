package vn.voiceroutes.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

/**
 * The one mapping from a record (CSV row, JSON object, JSON message) to the canonical call request: fields named
 * like the channel's documented parameters (any case) are parameters, every other field is a template variable.
 */
public final class CallRequests {

    private CallRequests() {
    }

    /** The call request of a record; its RequestId is the record's own, else the one derived from {@code origin}. */
    public static CallRequest fromRow(String channel, InputRow row, String origin) {
        if (row.problem() != null) {
            throw new InvalidRecordException("record", row.problem());
        }
        CallRequest request = new CallRequest();
        request.setChannel(channel);
        for (Map.Entry<String, String> field : row.values().entrySet()) {
            String param = Channels.parameter(channel, field.getKey());
            if (param != null) {
                if (!field.getValue().isEmpty()) {
                    request.getParams().put(param, field.getValue());
                }
            } else {
                request.getVariables().put(field.getKey(), field.getValue());
            }
        }
        String ownId = request.getParams().remove(EsmsVoice.REQUEST_ID);
        request.setRequestId(ownId != null ? checkedRequestId(ownId) : derivedRequestId(channel + ':' + origin));
        return request;
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
        if (id.length() > EsmsVoice.REQUEST_ID_MAX) {
            throw new InvalidRecordException("requestId", "is longer than " + EsmsVoice.REQUEST_ID_MAX + " characters");
        }
        if (!id.matches("[\\x21-\\x7E]+")) {
            throw new InvalidRecordException("requestId", "may hold only printable ASCII characters without spaces");
        }
        return id;
    }

    /** 32 characters, a function of the origin only: a redelivery, a re-drop or a restart reuses it. */
    static String derivedRequestId(String origin) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
            return "vr" + HexFormat.of().formatHex(hash).substring(0, 30);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
