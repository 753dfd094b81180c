package vn.voiceroutes.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.CallStatus;

/**
 * Each channel's redial policy, off unless set: voice.redial.&lt;channel&gt;.statuses (the final outcomes tried
 * again, e.g. NO_ANSWER,BUSY), .delay-ms (how long after that outcome, at least) and .max-attempts (attempts in all,
 * the first included). Read once at start; a policy that is not clear refuses the start, naming the key: a phone is
 * never rung more often than its operators meant.
 */
public final class Redials {

    /** What may be tried again: a call that reached nobody. An answered, rejected, expired or cancelled call may not. */
    static final Set<CallStatus> REDIALABLE = Set.of(CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.FAILED);

    static final long MIN_DELAY_MS = 100;
    static final long MAX_DELAY_MS = java.time.Duration.ofDays(7).toMillis();
    static final int MAX_ATTEMPTS = 10;

    private Redials() {
    }

    public static Map<String, CallRequest.Redial> from(Function<String, Optional<String>> settings) {
        Map<String, CallRequest.Redial> policies = new HashMap<>();
        for (String channel : Channels.ALL) {
            String prefix = "voice.redial." + channel + ".";
            Optional<String> statuses = settings.apply(prefix + "statuses").filter(value -> !value.isBlank());
            if (statuses.isEmpty()) {
                for (String other : List.of("delay-ms", "max-attempts")) {
                    if (settings.apply(prefix + other).filter(value -> !value.isBlank()).isPresent()) {
                        throw new IllegalArgumentException(prefix + other + " is set but " + prefix + "statuses is not: "
                                + "say which outcomes are tried again (e.g. NO_ANSWER,BUSY), or leave both empty");
                    }
                }
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String name : statuses.get().split("\\s*,\\s*")) {
                CallStatus status;
                try {
                    status = CallStatus.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "statuses: '" + name + "' is not a status (" + REDIALABLE + ")");
                }
                if (!REDIALABLE.contains(status)) {
                    throw new IllegalArgumentException(prefix + "statuses: " + status + " is not tried again, only " + REDIALABLE);
                }
                names.add(status.name());
            }
            long delay = number(settings, prefix + "delay-ms", MIN_DELAY_MS, MAX_DELAY_MS);
            int attempts = (int) number(settings, prefix + "max-attempts", 2, MAX_ATTEMPTS);
            policies.put(channel, new CallRequest.Redial(List.copyOf(names), delay, attempts));
        }
        return policies;
    }

    private static long number(Function<String, Optional<String>> settings, String key, long min, long max) {
        String value = settings.apply(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(key + " is not set: a redial needs it (" + min + " to " + max + ")"));
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a number (" + min + " to " + max + ")");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(key + " " + number + " is out of range: " + min + " to " + max);
        }
        return number;
    }

    /**
     * The channel's policy for this call. A record that asks its provider to ring again itself (eSMS's maxRetry above
     * 0, VBot's numberCall above 1) on a channel that redials is refused: how often the phone would ring is not clear.
     */
    static void apply(CallRequest request, Map<String, CallRequest.Redial> policies) {
        CallRequest.Redial policy = policies.get(request.getChannel());
        if (policy == null) {
            return;
        }
        boolean vbot = Channels.of(request.getChannel()).provider().equals(vn.voiceroutes.vbot.Vbot.PROVIDER);
        // the record's field (its name in the error file; VBot's record field is its parameter's name) and the parameter
        String field = vbot ? vn.voiceroutes.vbot.Vbot.NUMBER_CALL : "maxRetry";
        String own = request.getParams().get(vbot ? vn.voiceroutes.vbot.Vbot.NUMBER_CALL : vn.voiceroutes.esms.EsmsVoice.MAX_RETRY);
        String once = vbot ? "1" : "0";
        if (own != null && !own.isBlank() && !own.strip().equals(once)) {
            throw new vn.voiceroutes.model.InvalidRecordException(field, "is " + own.strip() + ", but " + request.getChannel()
                    + " redials its calls itself (voice.redial." + request.getChannel() + ".*, up to " + policy.maxAttempts()
                    + " attempts): how often the phone would ring is not clear; leave " + field + " empty or " + once);
        }
        request.setRedial(policy);
    }
}
