package vn.voiceroutes.esms;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import vn.voiceroutes.dispatch.ProviderAccountException;
import vn.voiceroutes.dispatch.ProviderTransientException;
import vn.voiceroutes.model.CallRequest;

/**
 * Speaks eSMS voice for the kamelets: writes the query of a call (credentials and our CallbackUrl included) and
 * reads the answer. HTTP 200 does not mean success with eSMS: the body's CodeResult decides.
 */
public class EsmsVoiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * eSMS runs on IIS, whose default maxQueryString is 2,048 bytes: a longer GET is refused with HTTP 404.15 or 414
     * before eSMS sees it. Requests are measured before they are accepted, so one that would be refused never leaves.
     */
    public static final int IIS_MAX_QUERY_BYTES = 2048;

    private final EsmsAccount account;
    private final String callbackBase;
    private final int maxQueryBytes;
    private final boolean otpByGet;

    /** callbackBase: the URL eSMS calls back (CallbackUrls.esmsBase), to which each call's RequestId is added. */
    public EsmsVoiceApi(EsmsAccount account, String callbackBase, int maxQueryBytes, String otpForm) {
        this.account = account;
        this.callbackBase = callbackBase;
        this.maxQueryBytes = maxQueryBytes;
        this.otpByGet = "get".equalsIgnoreCase(otpForm);
    }

    /** What a preview shows instead of a credential or the callback token. */
    static final String MASK = "****";

    /**
     * The request this call would go out as (a preview, FilePreviews): the operation and its query, or the voice
     * OTP's JSON body, with the account's keys and the callback URL's token masked.
     */
    public String preview(CallRequest request) {
        EsmsVoiceApi masked = new EsmsVoiceApi(new EsmsAccount(MASK, MASK),
                callbackBase.substring(0, callbackBase.lastIndexOf('/') + 1) + MASK, maxQueryBytes, otpByGet ? "get" : "post");
        if (EsmsVoice.throughRestApi(request.getChannel())) {
            if (otpByGet) {
                return "GET " + EsmsVoice.SEND_OTP_GET + "?" + masked.otpQuery(request).encode();
            }
            try {
                return "POST " + EsmsVoice.SEND_OTP_POST + " " + JSON.writeValueAsString(masked.otpBody(request));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String operation = EsmsVoice.callOperation(request.getChannel());
        return "GET " + operation + "?" + masked.callQuery(request, paramsOf(operation)).encode();
    }

    /**
     * Refuses a validated request whose GET query would be longer than eSMS accepts, naming its longest value (the
     * RequestId counted at its longest, 50 characters, when it has none yet).
     */

    public void checkSize(CallRequest request) {
        EsmsQuery query;
        if (EsmsVoice.throughRestApi(request.getChannel())) {
            if (!otpByGet) {
                return;
            }
            query = otpQuery(request);
        } else {
            query = callQuery(request, paramsOf(EsmsVoice.callOperation(request.getChannel())));
        }
        int bytes = query.encode().length();
        if (bytes <= maxQueryBytes) {
            return;
        }
        String longest = null;
        int longestBytes = -1;
        for (Map.Entry<String, String> field : request.getVariables().entrySet()) {
            int size = EsmsQuery.percentEncode(field.getValue()).length();
            if (size > longestBytes) {
                longest = field.getKey();
                longestBytes = size;
            }
        }
        for (Map.Entry<String, String> param : request.getParams().entrySet()) {
            int size = EsmsQuery.percentEncode(param.getValue()).length();
            if (!EsmsVoice.VARIABLE_LIST_STR.equals(param.getKey()) && size > longestBytes) {
                longest = Character.toLowerCase(param.getKey().charAt(0)) + param.getKey().substring(1);
                longestBytes = size;
            }
        }
        throw new vn.voiceroutes.model.InvalidRecordException(longest == null ? "record" : longest, "makes the request "
                + bytes + " bytes long in its URL, and eSMS accepts at most " + maxQueryBytes + ": shorten it");
    }

    /** Sets the raw query of a GET of this operation (MakeCallRecord_V2, MakeCallTemplate_V2) for the CallRequest in the body. */
    public void callQuery(Exchange exchange, String operation) throws InvalidPayloadException {
        setQuery(exchange, callQuery(claimedRequest(exchange), paramsOf(operation)));
    }

    /** The parameters a record may carry on each call operation of the voice API. */
    private static java.util.List<String> paramsOf(String operation) {
        return switch (operation) {
            case EsmsVoice.MAKE_CALL_RECORD -> EsmsVoice.RECORD_CALL_PARAMS;
            case EsmsVoice.MAKE_CALL_TEMPLATE -> EsmsVoice.TEMPLATE_CALL_PARAMS;
            default -> throw new IllegalArgumentException("No eSMS call operation " + operation);
        };
    }

    private EsmsQuery callQuery(CallRequest request, java.util.List<String> callParams) {
        // this attempt's RequestId; the callback names the call (rid), whichever attempt it is
        String requestId = request.getRequestId() != null ? request.providerRequestId() : "x".repeat(EsmsVoice.REQUEST_ID_MAX);
        String callId = request.getRequestId() != null ? request.getRequestId() : requestId;
        EsmsQuery query = credentials(account);
        Map<String, String> params = request.getParams();
        for (String name : callParams) {
            if (!EsmsVoice.REQUEST_ID.equals(name)) {
                query.add(name, params.get(name));
            }
        }
        query.add(EsmsVoice.CALLBACK_URL, CallbackUrls.esms(callbackBase, callId));
        query.add(EsmsVoice.REQUEST_ID, requestId);
        return query;
    }

    /** Sets the raw query of a voice OTP GET (SendMultipleMessage_V4_get, seed 003). */
    public void otpGetQuery(Exchange exchange) throws InvalidPayloadException {
        setQuery(exchange, otpQuery(claimedRequest(exchange)));
    }

    private EsmsQuery otpQuery(CallRequest request) {
        String requestId = request.getRequestId() != null ? request.providerRequestId() : "x".repeat(EsmsVoice.REQUEST_ID_MAX);
        String callId = request.getRequestId() != null ? request.getRequestId() : requestId;
        EsmsQuery query = new EsmsQuery().add(EsmsVoice.PHONE, request.param(EsmsVoice.PHONE))
                .add(EsmsVoice.CONTENT, request.param(EsmsVoice.CONTENT))
                .add(EsmsVoice.API_KEY, account.apiKey()).add(EsmsVoice.SECRET_KEY, account.secretKey());
        for (String name : java.util.List.of(EsmsVoice.IS_UNICODE, EsmsVoice.SANDBOX, EsmsVoice.CAMPAIGN_ID, EsmsVoice.SEND_DATE)) {
            query.add(name, request.param(name));
        }
        return query.add(EsmsVoice.SMS_TYPE, EsmsVoice.SMS_TYPE_VOICE_OTP)
                .add(EsmsVoice.CALLBACK_URL, CallbackUrls.esms(callbackBase, callId))
                .add(EsmsVoice.REQUEST_ID, requestId);
    }

    /** Sets the JSON body of a voice OTP POST (SendMultipleMessage_V4_post_json/, esms-docs). */
    public void otpPostBody(Exchange exchange) throws InvalidPayloadException, IOException {
        Message message = exchange.getMessage();
        message.setBody(JSON.writeValueAsString(otpBody(claimedRequest(exchange))));
    }

    private OtpBody otpBody(CallRequest request) {
        // The page's example sends IsUnicode and Sandbox as numbers, the rest as strings.
        return new OtpBody(account.apiKey(), request.param(EsmsVoice.CONTENT), request.param(EsmsVoice.PHONE),
                account.secretKey(), EsmsVoice.SMS_TYPE_VOICE_OTP, Integer.parseInt(request.param(EsmsVoice.IS_UNICODE)),
                request.param(EsmsVoice.SANDBOX) == null ? null : Integer.parseInt(request.param(EsmsVoice.SANDBOX)),
                request.param(EsmsVoice.CAMPAIGN_ID), request.providerRequestId(), CallbackUrls.esms(callbackBase, request.getRequestId()),
                request.param(EsmsVoice.SEND_DATE));
    }

    /** The JSON body of SendMultipleMessage_V4_post_json/, in the page's order; what a call leaves unset is left out. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record OtpBody(@JsonProperty(EsmsVoice.API_KEY) String apiKey, @JsonProperty(EsmsVoice.CONTENT) String content,
            @JsonProperty(EsmsVoice.PHONE) String phone, @JsonProperty(EsmsVoice.SECRET_KEY) String secretKey,
            @JsonProperty(EsmsVoice.SMS_TYPE) String smsType, @JsonProperty(EsmsVoice.IS_UNICODE) int isUnicode,
            @JsonProperty(EsmsVoice.SANDBOX) Integer sandbox, @JsonProperty(EsmsVoice.CAMPAIGN_ID) String campaignId,
            @JsonProperty(EsmsVoice.REQUEST_ID) String requestId, @JsonProperty(EsmsVoice.CALLBACK_URL) String callbackUrl,
            @JsonProperty(EsmsVoice.SEND_DATE) String sendDate) {

        @Override
        public String toString() {
            return "OtpBody[" + requestId + "]"; // the keys stay out of any log
        }
    }

    /**
     * A redelivery after a transient fault comes back with the kamelet's own answer in the body, so the request the
     * dispatch route claimed (exchange property voiceRequest) is the fallback.
     */
    private static CallRequest claimedRequest(Exchange exchange) throws InvalidPayloadException {
        CallRequest request = exchange.getMessage().getBody(CallRequest.class);
        if (request == null) {
            request = exchange.getProperty(vn.voiceroutes.model.VoiceProperties.REQUEST, CallRequest.class);
        }
        if (request == null) {
            throw new InvalidPayloadException(exchange, CallRequest.class);
        }
        return request;
    }

    static EsmsQuery credentials(EsmsAccount account) {
        return new EsmsQuery().add(EsmsVoice.API_KEY, account.apiKey()).add(EsmsVoice.SECRET_KEY, account.secretKey());
    }

    static void setQuery(Exchange exchange, EsmsQuery query) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RAW_QUERY, query.encode());
        message.setBody(null);
    }

    /** Reads a call answer. Transient faults and account faults are thrown; everything else is returned. */
    public EsmsAnswer readAnswer(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader(Exchange.HTTP_RAW_QUERY);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        switch (EsmsHttpStatus.of(status)) {
            case TRANSIENT -> throw new ProviderTransientException("eSMS answered HTTP " + status);
            case ENDPOINT -> throw new ProviderTransientException("eSMS answered HTTP " + status + " for every request "
                    + "this would be (" + EsmsHttpStatus.describe(status) + "): check esms.voice-url and the account's access");
            case REQUEST_REFUSED -> {
                EsmsAnswer refused = new EsmsAnswer("HTTP " + status, EsmsCodes.Kind.RECORD_REJECTED, null,
                        "eSMS refused this request: HTTP " + status + " " + EsmsHttpStatus.describe(status));
                message.setBody(refused);
                return refused;
            }
            default -> {
                // 200: the body's code decides
            }
        }
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody(String.class));
        } catch (IOException | RuntimeException e) {
            throw new ProviderTransientException("eSMS answered a body that is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ProviderTransientException("eSMS answered a body that is not a JSON object");
        }
        String code = text(body, EsmsVoice.CODE_RESULT);
        if (code == null) {
            code = text(body, EsmsVoice.CODE_RESPONSE);
        }
        if (code == null) {
            throw new ProviderTransientException("eSMS answered without CodeResult");
        }
        EsmsCodes.Code meaning = EsmsCodes.of(code);
        String providerMessage = text(body, EsmsVoice.ERROR_MESSAGE);
        String description = providerMessage != null ? meaning.meaning() + " (" + providerMessage + ")" : meaning.meaning();
        switch (meaning.kind()) {
            case TRANSIENT -> throw new ProviderTransientException("eSMS code " + code + ": " + description);
            case ACCOUNT_FAULT -> throw new ProviderAccountException(EsmsVoice.PROVIDER, code, description);
            default -> {
                EsmsAnswer answer = new EsmsAnswer(code, meaning.kind(), text(body, EsmsVoice.SMS_ID), description);
                message.setBody(answer);
                return answer;
            }
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }
}
