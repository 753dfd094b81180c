package vn.voiceroutes.source;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;

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

    /** The record field that says until when a call may be placed (Vietnam time unless an offset is given). */
    public static final String NOT_AFTER = "notAfter";

    private final Map<String, UnaryOperator<CallRequest>> providerChecks;
    private final Map<String, java.time.Duration> validity;
    private final Map<String, vn.voiceroutes.model.CallRequest.Redial> redials;
    private final java.time.Clock clock;

    /** providerChecks: per provider (as the channel catalog names it), the checks of its channels. */
    public CallValidation(Map<String, UnaryOperator<CallRequest>> providerChecks) {
        this(providerChecks, Map.of(), Map.of(), java.time.Clock.systemUTC());
    }

    /** validity: per channel, how long after registration a call without its own notAfter may still be placed. */
    /** redials: per channel, its redial policy (Redials.from), where it has one. */
    public CallValidation(Map<String, UnaryOperator<CallRequest>> providerChecks, Map<String, java.time.Duration> validity,
            Map<String, CallRequest.Redial> redials, java.time.Clock clock) {
        this.providerChecks = Map.copyOf(providerChecks);
        this.validity = Map.copyOf(validity);
        this.redials = Map.copyOf(redials);
        this.clock = clock;
    }

    /**
     * Each channel's voice.validity.&lt;channel&gt;-ms, if set: a positive time of at most 31 days, else the start is
     * refused naming the key.
     */
    public static Map<String, java.time.Duration> validity(java.util.function.Function<String, java.util.Optional<String>> settings) {
        Map<String, java.time.Duration> validity = new java.util.HashMap<>();
        for (String channel : Channels.ALL) {
            String key = "voice.validity." + channel + "-ms";
            settings.apply(key).filter(value -> !value.isBlank()).ifPresent(value -> {
                long millis;
                try {
                    millis = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " '" + value + "' is not a number of milliseconds");
                }
                if (millis <= 0 || millis > java.time.Duration.ofDays(31).toMillis()) {
                    throw new IllegalArgumentException(key + " " + millis + " is out of range: from 1 ms to 31 days (2678400000)");
                }
                validity.put(channel, java.time.Duration.ofMillis(millis));
            });
        }
        return validity;
    }

    /** Exchange properties a source route may set: its calls' purpose, and whether a record may give its own. */
    /** The channel whose records a source route reads (its settings route sets it). */
    public static final String CHANNEL = "voiceChannel";
    public static final String PURPOSE = "voicePurpose";
    public static final String PURPOSE_PER_RECORD = "voicePurposePerRecord";
    /** What the route does with an advertising call over the 24-hour cap: refuse (the default) or hold it until allowed. */
    public static final String FREQUENCY_CAP = "voiceFrequencyCap";

    public CallRequest prepare(CallRequest request, Exchange exchange) {
        CallRequests.applyDefaults(request, exchange);
        request.setNotAfter(notAfter(request));
        Redials.apply(request, redials);
        String phone = PhoneNumbers.normalize("phone", request.getParams().get(CallRequest.PHONE));
        request.setPhone(phone);
        request.getParams().put(CallRequest.PHONE, phone);
        request.setContentKey(CallRequests.contentKey(request));
        request.setPurpose(purpose(request, exchange));
        request.setWhenCapped(whenCapped(exchange));
        return providerChecks.get(Channels.of(request.getChannel()).provider()).apply(request);
    }

    /**
     * Until when the call may be placed: the record's notAfter (a real date and time, not in the past), else its
     * channel's validity from now, else none. A notAfter before the record's own sendDate is refused by the channel's
     * checks, which read the sendDate.
     */
    private String notAfter(CallRequest request) {
        String own = null;
        for (java.util.Iterator<Map.Entry<String, String>> fields = request.getVariables().entrySet().iterator(); fields.hasNext();) {
            Map.Entry<String, String> field = fields.next();
            if (field.getKey().equalsIgnoreCase(NOT_AFTER)) {
                own = field.getValue();
                fields.remove();
            }
        }
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock.withZone(vn.voiceroutes.model.RecordTimes.VIETNAM));
        if (own != null && !own.isBlank()) {
            java.time.OffsetDateTime at = vn.voiceroutes.model.RecordTimes.instant(NOT_AFTER, own);
            if (!at.isAfter(now)) {
                throw new vn.voiceroutes.model.InvalidRecordException(NOT_AFTER, "'" + own.strip() + "' is in the past (now "
                        + now.toLocalDateTime().withNano(0) + ", Vietnam time): the call would never be placed");
            }
            return at.toString();
        }
        java.time.Duration valid = validity.get(request.getChannel());
        return valid == null ? null : now.plus(valid).toString();
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
        return whenCapped(exchange.getProperty(FREQUENCY_CAP, String.class));
    }

    /** What a channel's route asks of a call over the cap: refuse (also when it asks nothing) or hold. */
    static String whenCapped(String asked) {
        if (asked == null || asked.isBlank() || asked.strip().equalsIgnoreCase(CallingRules.REFUSE)) {
            return CallingRules.REFUSE;
        }
        if (asked.strip().equalsIgnoreCase(CallingRules.HOLD)) {
            return CallingRules.HOLD;
        }
        throw new IllegalStateException("The route's " + FREQUENCY_CAP + " is '" + asked + "': refuse or hold");
    }
}
