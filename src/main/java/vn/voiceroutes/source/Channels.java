package vn.voiceroutes.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.esms.EsmsVoiceCalls;
import vn.voiceroutes.model.CallPurpose;
import vn.voiceroutes.vbot.Vbot;

/**
 * The channel catalog: every channel operators drop work into (a folder, a queue), the provider that places its
 * calls, and the documented parameters it recognises. A third provider adds its channels here; the validation, the
 * folders, the pauses and the rest follow this list.
 */
public final class Channels {

    /**
     * A channel: its name (folder and queue), its provider (as ProviderGate and the reasons name it), its parameters,
     * and what its calls are for unless its route says otherwise (CallPurpose).
     */
    public record Channel(String name, String provider, List<String> parameters, String purpose) {
    }

    public static final String ESMS_RECORD = EsmsVoice.RECORD_CHANNEL;
    public static final String ESMS_TEMPLATE = EsmsVoice.TEMPLATE_CHANNEL;
    public static final String ESMS_OTP = EsmsVoice.OTP_CHANNEL;
    public static final String VBOT_CAMPAIGN = Vbot.CAMPAIGN_CHANNEL;

    private static final Map<String, Channel> CATALOG = catalog(
            // a recording or a text read out may advertise: the rules apply unless the route says otherwise
            new Channel(ESMS_RECORD, EsmsVoice.PROVIDER, EsmsVoice.RECORD_CALL_PARAMS, CallPurpose.ADVERTISING),
            new Channel(ESMS_TEMPLATE, EsmsVoice.PROVIDER, EsmsVoice.TEMPLATE_CALL_PARAMS, CallPurpose.ADVERTISING),
            new Channel(ESMS_OTP, EsmsVoice.PROVIDER, EsmsVoice.OTP_PARAMS, CallPurpose.TRANSACTIONAL),
            new Channel(VBOT_CAMPAIGN, Vbot.PROVIDER, Vbot.RECORD_PARAMS, CallPurpose.ADVERTISING));

    public static final List<String> ALL = List.copyOf(CATALOG.keySet());

    /**
     * The providers, by the key routes, the console and /api/providers/{key} name them by (also the prefix of their
     * settings and route files), to their name (as ProviderGate, the reasons and the logs give it).
     */
    private static final Map<String, String> PROVIDERS = Map.of("esms", EsmsVoice.PROVIDER, "vbot", Vbot.PROVIDER);

    private Channels() {
    }

    /** The inboxes the work folder has: one per channel, and the do-not-call register's. */
    public static List<String> inboxes() {
        List<String> inboxes = new java.util.ArrayList<>(ALL);
        inboxes.add(vn.voiceroutes.compliance.DoNotCallFiles.FOLDER);
        return inboxes;
    }

    /** Each provider's channels, in catalog order: the calls a provider's reports may speak of. */
    public static Map<String, List<String>> byProvider() {
        Map<String, List<String>> providers = new LinkedHashMap<>();
        CATALOG.values().forEach(channel -> providers.computeIfAbsent(channel.provider(), p -> new java.util.ArrayList<>()).add(channel.name()));
        return providers;
    }

    /** Each provider's name to its key. */
    public static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        byProvider().keySet().forEach(name -> PROVIDERS.forEach((key, named) -> {
            if (named.equals(name)) {
                keys.put(name, key);
            }
        }));
        return keys;
    }

    /** The name of the provider of this key; an unknown key (a typo in a route) is refused, naming the keys there are. */
    public static String provider(String key) {
        String name = PROVIDERS.get(key);
        if (name == null) {
            throw new vn.voiceroutes.model.UnknownProviderException(key, keys().values());
        }
        return name;
    }

    /** The channels of the provider of this key, comma-separated (a claim's list). */
    public static String channelsOf(String key) {
        return String.join(",", byProvider().get(provider(key)));
    }

    /** The channel of this name; unknown names are refused. */
    public static Channel of(String channel) {
        Channel found = CATALOG.get(channel);
        if (found == null) {
            throw new IllegalArgumentException("Unknown channel " + channel);
        }
        return found;
    }

    /** The documented parameter a column or field names on this channel (case-insensitive), or null. */
    public static String parameter(String channel, String column) {
        return EsmsVoiceCalls.canonicalName(of(channel).parameters(), column);
    }

    private static Map<String, Channel> catalog(Channel... channels) {
        Map<String, Channel> catalog = new LinkedHashMap<>();
        for (Channel channel : channels) {
            catalog.put(channel.name(), channel);
        }
        return java.util.Collections.unmodifiableMap(catalog);
    }
}
