package vn.voiceroutes.source;

import org.apache.camel.Exchange;

import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.vbot.VbotCalls;

/** Hands a call request to the checks of its channel's provider. */
public class CallValidation {

    private final EsmsVoiceCalls esms;
    private final VbotCalls vbot;

    public CallValidation(EsmsVoiceCalls esms, VbotCalls vbot) {
        this.esms = esms;
        this.vbot = vbot;
    }

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        return Channels.VBOT_CAMPAIGN.equals(request.getChannel()) ? vbot.prepare(request, exchange) : esms.prepare(request, exchange);
    }
}
