package vn.voiceroutes.source;

import org.apache.camel.Exchange;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.phone.PhoneNumbers;
import vn.voiceroutes.vbot.VbotCalls;

/**
 * What every call request goes through, whatever its channel: the route's defaults for empty parameters and the
 * phone in its national form, which together say what the call is (its content key); then the checks of its
 * channel's provider.
 */
public class CallValidation {

    private final EsmsVoiceCalls esms;
    private final VbotCalls vbot;

    public CallValidation(EsmsVoiceCalls esms, VbotCalls vbot) {
        this.esms = esms;
        this.vbot = vbot;
    }

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        CallRequests.applyDefaults(request, exchange);
        String phone = PhoneNumbers.normalize("phone", request.getParams().get(EsmsVoice.PHONE));
        request.setPhone(phone);
        request.getParams().put(EsmsVoice.PHONE, phone);
        request.setContentKey(CallRequests.contentKey(request));
        return Channels.VBOT_CAMPAIGN.equals(request.getChannel()) ? vbot.prepare(request) : esms.prepare(request);
    }
}
