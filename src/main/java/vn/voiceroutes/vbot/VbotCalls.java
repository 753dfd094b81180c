package vn.voiceroutes.vbot;

import java.util.Map;

import org.apache.camel.Exchange;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;
import vn.voiceroutes.source.CallRequests;

/** Checks a call request bound for a VBot campaign: phone, campaign template (record or route default), numberCall. */
public class VbotCalls {

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        CallRequests.applyDefaults(request, exchange);
        Map<String, String> params = request.getParams();
        String phone = PhoneNumbers.normalize("phone", params.get(EsmsVoice.PHONE));
        request.setPhone(phone);
        params.put(EsmsVoice.PHONE, phone);
        String campaign = params.get(Vbot.CAMPAIGN_ID);
        if (campaign == null || campaign.isBlank()) {
            throw new InvalidRecordException("campaignId", "is missing (no value in the record and no vbot.campaign-id)");
        }
        String numberCall = params.get(Vbot.NUMBER_CALL);
        if (numberCall != null && !numberCall.strip().matches("[1-9][0-9]?")) {
            throw new InvalidRecordException("numberCall", "'" + numberCall + "' is not a number of calls from 1 to 99");
        }
        return request;
    }
}
