package vn.voiceroutes.vbot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import vn.voiceroutes.dispatch.ProviderAccountException;
import vn.voiceroutes.dispatch.ProviderTransientException;
import vn.voiceroutes.ledger.CampaignAnswer;
import vn.voiceroutes.ledger.CampaignBatch;
import vn.voiceroutes.model.CallRequest;

/**
 * Speaks VBot's current auto-call API for the vbot-auto-call-sink kamelet: one POST create-list-phone per request of
 * at most 5 calls (template_code, hotline_code, phone_infos[] with phone, external_call_id, name, customer_uid and
 * datas = the record's own fields), the X-API-Key header, and the answer.
 */
public class VbotAutoCallApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private final String hotlineCode;
    private final Integer maxTime;
    private final Integer maxWaitingTime;

    public VbotAutoCallApi(String apiKey, String hotlineCode, Integer maxTime, Integer maxWaitingTime) {
        this.apiKey = apiKey;
        this.hotlineCode = hotlineCode;
        this.maxTime = maxTime;
        this.maxWaitingTime = maxWaitingTime;
    }

    /** Body: a CampaignBatch of at most 5 calls (kept as exchange property voiceVbotCampaign); afterwards the POST. */
    public void callsRequest(Exchange exchange) throws InvalidPayloadException, IOException {
        CampaignBatch campaign = exchange.getMessage().getBody(CampaignBatch.class);
        if (campaign == null) {
            campaign = exchange.getProperty(VbotApi.CAMPAIGN, CampaignBatch.class);
        }
        if (campaign == null) {
            throw new InvalidPayloadException(exchange, CampaignBatch.class);
        }
        if (apiKey == null || apiKey.isBlank() || hotlineCode == null || hotlineCode.isBlank()) {
            // a setting, not the records: pause VBot with the reason rather than have VBot refuse every call
            throw new ProviderAccountException(Vbot.PROVIDER, "config", "VBot auto-call needs vbot.api-key and vbot.hotline-code");
        }
        if (campaign.calls().size() > VbotAutoCall.MAX_PHONES_PER_REQUEST) {
            throw new IllegalArgumentException("An auto-call request holds at most " + VbotAutoCall.MAX_PHONES_PER_REQUEST + " phones");
        }
        // each call under its attempt's external_call_id, which markSending keeps as its reference before the POST
        campaign = VbotAutoCall.referenced(campaign);
        exchange.setProperty(VbotApi.CAMPAIGN, campaign);
        List<VbotRequests.PhoneInfo> phones = new ArrayList<>();
        for (CallRequest call : campaign.calls()) {
            Map<String, String> datas = new LinkedHashMap<>();
            call.getVariables().forEach((key, value) -> {
                if (!value.isBlank()) {
                    datas.put(key, value);
                }
            });
            phones.add(new VbotRequests.PhoneInfo(call.getPhone(), campaign.references().get(call.getRequestId()),
                    call.param(Vbot.NAME), call.param(VbotAutoCall.RECORD_CUSTOMER_UID), datas));
        }
        VbotRequests.AutoCallList body = new VbotRequests.AutoCallList(campaign.calls().get(0).param(VbotAutoCall.RECORD_TEMPLATE_CODE),
                hotlineCode, maxTime, maxWaitingTime, phones);
        Message message = exchange.getMessage();
        message.setHeader(VbotAutoCall.API_KEY_HEADER, apiKey);
        message.setBody(JSON.writeValueAsString(body));
    }

    /**
     * Reads the answer. HTTP 401/403: the key is refused, an account fault. HTTP 5xx or errorCode 500 (system error):
     * transient. Any other errorCode (-1 invalid parameters, 403 too many phones, ...) rejects these calls.
     */
    public CampaignAnswer readAnswer(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader(VbotAutoCall.API_KEY_HEADER);
        CampaignBatch campaign = exchange.getProperty(VbotApi.CAMPAIGN, CampaignBatch.class);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 401 || status == 403) {
            throw new ProviderAccountException(Vbot.PROVIDER, "HTTP " + status, "VBot refused the API key");
        }
        if (status == 404 || status == 405) {
            // the endpoint, not the request: retried, then dead-lettered; the calls stay callable once vbot.url is right
            throw new ProviderTransientException("VBot answered HTTP " + status + " for every request this would be: check vbot.url");
        }
        if (Vbot.refusesThisRequest(status)) {
            // the request itself is refused (too large, malformed): its calls fail with the reason, VBot is not paused
            return rejectAll(exchange, campaign, "HTTP " + status, "VBot refused the request (HTTP " + status + ")");
        }
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody(String.class));
        } catch (IOException | RuntimeException e) {
            throw new ProviderTransientException("VBot answered a body that is not JSON (HTTP " + status + ")");
        }
        JsonNode codeNode = body.has(VbotAutoCall.ERROR_CODE) ? body.path(VbotAutoCall.ERROR_CODE) : body.path(VbotAutoCall.ERROR_CODE_V2);
        String code = codeNode.isMissingNode() || codeNode.isNull() ? "" : codeNode.asText();
        String text = body.path(VbotAutoCall.MSG).asText(body.path(VbotAutoCall.MESSAGE_V2).asText(""));
        if (VbotAutoCall.UNAUTHORIZED.equals(code)) { // introduction.md's code list: 401 Unauthorized, in the body
            throw new ProviderAccountException(Vbot.PROVIDER, code, "VBot refused the API key");
        }
        boolean systemError = VbotAutoCall.SYSTEM_ERROR.equals(code) || status >= 500 && code.isEmpty();
        if (status == 408 || status == 429 || systemError) {
            throw new ProviderTransientException("VBot answered HTTP " + status + (code.isEmpty() ? "" : " errorCode " + code));
        }
        JsonNode data = body.path(VbotAutoCall.DATA);
        boolean accepted = VbotAutoCall.ACCEPTED.equals(code) && !(data.isBoolean() && !data.asBoolean());
        CampaignAnswer answer = new CampaignAnswer(accepted, null, code.isEmpty() ? "HTTP " + status : code,
                accepted ? text : (text.isEmpty() ? "refused" : text), campaign.references());
        message.setBody(answer);
        return answer;
    }

    private static CampaignAnswer rejectAll(Exchange exchange, CampaignBatch campaign, String code, String reason) {
        CampaignAnswer answer = new CampaignAnswer(false, null, code, reason, campaign.references());
        exchange.getMessage().setBody(answer);
        return answer;
    }

    @Override
    public String toString() {
        return "VbotAutoCallApi[" + hotlineCode + "]";
    }
}
