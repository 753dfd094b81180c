package vn.voiceroutes.source;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.ledger.CallingRules;
import vn.voiceroutes.model.CallPurpose;
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

    /** Exchange properties a source route may set: its calls' purpose, and whether a record may give its own. */
    public static final String PURPOSE = "voicePurpose";
    public static final String PURPOSE_PER_RECORD = "voicePurposePerRecord";
    /** What the route does with an advertising call over the 24-hour cap: refuse (the default) or hold it until allowed. */
    public static final String FREQUENCY_CAP = "voiceFrequencyCap";

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        CallRequests.applyDefaults(request, exchange);
        String phone = PhoneNumbers.normalize("phone", request.getParams().get(EsmsVoice.PHONE));
        request.setPhone(phone);
        request.getParams().put(EsmsVoice.PHONE, phone);
        request.setContentKey(CallRequests.contentKey(request));
        request.setPurpose(purpose(request, exchange));
        request.setWhenCapped(whenCapped(exchange));
        return providerChecks.get(Channels.of(request.getChannel()).provider()).apply(request);
    }

    /** The route's purpose for its calls (else the channel's), or the record's own where the route allows it. */
    private static String purpose(CallRequest request, Exchange exchange) {
        String routes = exchange.getProperty(PURPOSE, String.class);
        String purpose = routes != null ? CallPurpose.parse("the route's " + PURPOSE, routes) : Channels.of(request.getChannel()).purpose();
        String own = request.getVariables().get(CallPurpose.FIELD);
        if (own == null || own.isBlank()) {
            return purpose;
        }
        String asked = CallPurpose.parse(CallPurpose.FIELD, own);
        if (!asked.equals(purpose) && !exchange.getProperty(PURPOSE_PER_RECORD, false, Boolean.class)) {
            // ambiguous: the record says one thing, its channel another; it is not called on a guess
            throw new vn.voiceroutes.model.InvalidRecordException(CallPurpose.FIELD, "is " + asked + ", but the calls of "
                    + request.getChannel() + " are " + purpose + " and its route does not let a record say otherwise");
        }
        return asked;
    }

    private static String whenCapped(Exchange exchange) {
        String asked = exchange.getProperty(FREQUENCY_CAP, String.class);
        if (asked == null || asked.isBlank() || asked.strip().equalsIgnoreCase(CallingRules.REFUSE)) {
            return CallingRules.REFUSE;
        }
        if (asked.strip().equalsIgnoreCase(CallingRules.HOLD)) {
            return CallingRules.HOLD;
        }
        throw new IllegalStateException("The route's " + FREQUENCY_CAP + " is '" + asked + "': refuse or hold");
    }
}
