package vn.voiceroutes.vbot;

import java.io.IOException;
import java.util.ArrayList;
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
 * Speaks VBot's campaign API for the vbot-campaign-sink kamelet: the JSON body of a campaign (the account's vbotId
 * and groupCode, the template campaign, phones[].fields[] with phone, name, description, numberCall and the
 * template's own fields), the Bearer token, and the answer.
 */
public class VbotApi {

    public static final String CAMPAIGN = "voiceVbotCampaign";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VbotTokens tokens;
    private final String vbotId;
    private final String groupCode;

    public VbotApi(VbotTokens tokens, String vbotId, String groupCode) {
        this.tokens = tokens;
        this.vbotId = vbotId;
        this.groupCode = groupCode;
    }

    /** Body: a CampaignBatch (kept as exchange property voiceVbotCampaign); afterwards the POST, token included. */
    public void campaignRequest(Exchange exchange) throws InvalidPayloadException, IOException {
        CampaignBatch campaign = exchange.getMessage().getBody(CampaignBatch.class);
        if (campaign == null) {
            campaign = exchange.getProperty(CAMPAIGN, CampaignBatch.class);
        }
        if (campaign == null) {
            throw new InvalidPayloadException(exchange, CampaignBatch.class);
        }
        exchange.setProperty(CAMPAIGN, campaign);
        String template = campaign.templateCampaignId();
        List<VbotRequests.CampaignPhone> phones = new ArrayList<>();
        for (CallRequest call : campaign.calls()) {
            List<VbotRequests.Field> fields = new ArrayList<>();
            fields.add(new VbotRequests.Field(Vbot.PHONE, call.getPhone()));
            for (String key : new String[] {Vbot.NAME, Vbot.DESCRIPTION, Vbot.NUMBER_CALL}) {
                if (call.param(key) != null) {
                    fields.add(new VbotRequests.Field(key, call.param(key)));
                }
            }
            for (Map.Entry<String, String> variable : call.getVariables().entrySet()) {
                if (!variable.getValue().isBlank()) {
                    fields.add(new VbotRequests.Field(variable.getKey(), variable.getValue()));
                }
            }
            phones.add(new VbotRequests.CampaignPhone(fields));
        }
        // the page's example sends the template campaign as a number
        VbotRequests.CampaignCreate body = new VbotRequests.CampaignCreate(vbotId, groupCode,
                template.matches("\\d+") ? (Object) Long.parseLong(template) : template, campaign.name(), phones);
        authorize(exchange);
        exchange.getMessage().setBody(JSON.writeValueAsString(body));
    }

    private void authorize(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader("Authorization", tokens.authorization());
    }

    /** True when VBot refused the token (HTTP 401): renew it and send again, once. */
    public boolean unauthorized(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 401;
    }

    /** Renews the token after a 401 and rebuilds the request. */
    public void renewAndRebuild(Exchange exchange) throws InvalidPayloadException, IOException {
        tokens.renew();
        exchange.getMessage().setBody(null);
        campaignRequest(exchange);
    }

    /** Reads the campaign answer; transient faults and a second 401 are thrown. */
    public CampaignAnswer readCampaignAnswer(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 401 || status == 403) {
            throw new ProviderAccountException(Vbot.PROVIDER, "HTTP " + status, "VBot refused a renewed token");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new ProviderTransientException("VBot answered HTTP " + status);
        }
        if (status == 404 || status == 405) {
            // the endpoint, not the request: retried, then dead-lettered; the calls stay callable once vbot.url is right
            throw new ProviderTransientException("VBot answered HTTP " + status + " for every request this would be: check vbot.url");
        }
        if (Vbot.refusesThisRequest(status)) {
            // the request itself is refused (too large, malformed): its calls fail with the reason, VBot is not paused
            CampaignAnswer refused = new CampaignAnswer(false, null, "HTTP " + status, "VBot refused the request (HTTP " + status + ")");
            message.setBody(refused);
            return refused;
        }
        JsonNode body;
        try {
            body = JSON.readTree(message.getBody(String.class));
        } catch (IOException | RuntimeException e) {
            throw new ProviderTransientException("VBot answered a body that is not JSON (HTTP " + status + ")");
        }
        boolean accepted = "1".equals(body.path(Vbot.STATUS).asText()) && !"-1".equals(body.path(Vbot.DATA).asText("-1"));
        CampaignAnswer answer = new CampaignAnswer(accepted, body.path(Vbot.DATA).asText(null),
                body.path(Vbot.ERROR).asText(""), body.path(Vbot.MSG).asText(""));
        message.setBody(answer);
        return answer;
    }

    @Override
    public String toString() {
        return "VbotApi[" + vbotId + "]";
    }
}
