package vn.voiceroutes.vbot;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import vn.voiceroutes.config.Settings;
import vn.voiceroutes.dispatch.ProviderGate;
import vn.voiceroutes.ledger.CallPolls;

/**
 * VBot's beans, bound from its settings (VbotSettings): the transport's rules, the token, the campaign and auto-call
 * APIs, the account probe, call-history polling and the webhook reader. The credentials (vbot.password,
 * vbot.api-key, the webhook's auth header value) go to the beans that send them and nowhere else.
 */
public final class VbotConfiguration {

    private VbotConfiguration() {
    }

    /** Binds VBot's beans; the transport's rules are returned for the validation every channel shares. */
    public static VbotCalls bind(CamelContext camel, Settings settings, ProviderGate gate, VbotReports reports, CallPolls polls) {
        Registry registry = camel.getRegistry();
        VbotSettings vbot = VbotSettings.from(settings);
        VbotCalls calls = new VbotCalls(vbot.transport());
        registry.bind("vbotCalls", calls);
        registry.bind("vbotAutoCallApi", new VbotAutoCallApi(vbot.apiKey(), vbot.hotlineCode(), vbot.maxTimeSeconds(),
                vbot.maxWaitingTimeSeconds()));
        VbotTokens tokens = new VbotTokens(camel, vbot.url(), vbot.username(), vbot.password());
        registry.bind("vbotTokens", tokens);
        registry.bind("vbotApi", new VbotApi(tokens, vbot.vbotId(), vbot.groupCode()));
        registry.bind("vbotAccountProbe", new VbotAccountProbe(gate, tokens, calls));
        registry.bind("vbotCallHistory", new VbotCallHistory(tokens, calls, vbot.apiKey(), vbot.vbotId(), vbot.groupCode(), reports,
                polls, gate));
        registry.bind("vbotCallbacks", new VbotCallbacks(reports, gate, vbot.webhookAuthHeader(), vbot.webhookAuthValue()));
        return calls;
    }
}
