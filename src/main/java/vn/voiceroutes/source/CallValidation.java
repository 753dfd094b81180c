package vn.voiceroutes.source;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * What every call request goes through, whatever its channel: the route's defaults for empty parameters and the
 * phone in its national form, which together say what the call is (its content key); then the checks of its
 * channel's provider.
 */
public class CallValidation {

    private final Map<String, UnaryOperator<CallRequest>> providerChecks;

    /** providerChecks: per provider (as the channel catalog names it), the checks of its channels. */
    public CallValidation(Map<String, UnaryOperator<CallRequest>> providerChecks) {
        this.providerChecks = Map.copyOf(providerChecks);
    }

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        CallRequests.applyDefaults(request, exchange);
        String phone = PhoneNumbers.normalize("phone", request.getParams().get(EsmsVoice.PHONE));
        request.setPhone(phone);
        request.getParams().put(EsmsVoice.PHONE, phone);
        request.setContentKey(CallRequests.contentKey(request));
        return providerChecks.get(Channels.of(request.getChannel()).provider()).apply(request);
    }
}
