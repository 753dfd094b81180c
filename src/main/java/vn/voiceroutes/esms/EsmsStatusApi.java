package vn.voiceroutes.esms;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import vn.voiceroutes.dispatch.ProviderTransientException;
import vn.voiceroutes.ledger.CallPolls;
import vn.voiceroutes.model.VoiceProperties;

/**
 * Asks eSMS about calls and the account for the kamelets and the probe: a call's status (GetSendStatus, by
 * ReferenceId for voice calls, RefId for voice OTP) and the account's balance (GetBalance_json).
 */
public class EsmsStatusApi {

    /** Exchange property: eSMS's whole status answer, kept with the event. */
    public static final String STATUS_ANSWER = "voiceStatusAnswer";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EsmsAccount account;

    public EsmsStatusApi(EsmsAccount account) {
        this.account = account;
    }

    /** Sets the raw query of a GetSendStatus GET for the PollTarget in the body (its SMSID as ReferenceId). */
    public void statusQuery(Exchange exchange) throws InvalidPayloadException {
        CallPolls.PollTarget target = exchange.getMessage().getBody(CallPolls.PollTarget.class);
        if (target == null) {
            target = exchange.getProperty(VoiceProperties.POLL_TARGET, CallPolls.PollTarget.class);
        }
        if (target == null) {
            throw new InvalidPayloadException(exchange, CallPolls.PollTarget.class);
        }
        exchange.setProperty(VoiceProperties.POLL_TARGET, target);
        // The voice API asks by ReferenceId; the rest API (voice OTP) by RefId.
        String reference = EsmsVoice.throughRestApi(target.channel()) ? EsmsVoice.REF_ID : EsmsVoice.REFERENCE_ID;
        EsmsVoiceApi.setQuery(exchange, EsmsVoiceApi.credentials(account).add(reference, target.providerRef()));
    }

    /**
     * Reads a GetSendStatus answer: the report (same fields as the callback), or an empty map when eSMS has no
     * status yet (105) or answers another code. Transient faults are thrown.
     */
    public Map<String, String> readStatus(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader(Exchange.HTTP_RAW_QUERY);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            throw new ProviderTransientException("eSMS status call answered HTTP " + status);
        }
        Map<String, String> report = new LinkedHashMap<>();
        try {
            JsonNode body = JSON.readTree(message.getBody(String.class));
            exchange.setProperty(STATUS_ANSWER, body.toString());
            // The status call answers CodeResponse; its error answers (101, 105) use CodeResult.
            if ("100".equals(EsmsVoiceApi.text(body, EsmsVoice.CODE_RESPONSE))) {
                body.properties().forEach(field -> report.put(field.getKey(), field.getValue().asText()));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProviderTransientException("eSMS status call answered a body that is not JSON");
        }
        message.setBody(report);
        return report;
    }

    /** The body of a GetBalance_json POST (rest API), the probe of a paused account. */
    public void balanceRequest(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Map<String, String> body = new LinkedHashMap<>();
        body.put(EsmsVoice.API_KEY, account.apiKey());
        body.put(EsmsVoice.SECRET_KEY, account.secretKey());
        message.setBody(JSON.writeValueAsString(body));
    }

    /** True when the balance answer says the account can call again (CodeResponse 100, Balance at least minimum). */
    public boolean balanceAllowsCalls(Exchange exchange, long minimum) {
        Message message = exchange.getMessage();
        if (message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) != 200) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(message.getBody(String.class));
            String code = EsmsVoiceApi.text(body, EsmsVoice.CODE_RESPONSE);
            return "100".equals(code) && body.path(EsmsVoice.BALANCE).asDouble(0) >= minimum;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
