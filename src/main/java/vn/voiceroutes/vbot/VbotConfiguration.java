package vn.voiceroutes.vbot;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import vn.voiceroutes.config.Settings;
import vn.voiceroutes.dispatch.ProviderGate;
import vn.voiceroutes.ledger.CallPolls;

/**
 * VBot's beans, bound from its settings (vbot.*): the transport's rules, the token, the campaign and auto-call
 * APIs, the account probe, call-history polling and the webhook reader. The credentials (vbot.password,
 * vbot.api-key, the webhook's auth header value) go to the beans that send them and nowhere else.
 */
public final class VbotConfiguration {

    private VbotConfiguration() {
    }

    /** Binds VBot's beans; the transport's rules are returned for the validation every channel shares. */
    public static VbotCalls bind(CamelContext camel, Settings settings, ProviderGate gate, VbotReports reports, CallPolls polls) {
        Registry registry = camel.getRegistry();
        VbotCalls calls = new VbotCalls(settings.get("vbot.transport", Vbot.TRANSPORT));
        registry.bind("vbotCalls", calls);
        String apiKey = settings.find("vbot.api-key").orElse(null);
        String vbotId = settings.get("vbot.vbot-id", "");
        String groupCode = settings.get("vbot.group-code", "");
        registry.bind("vbotAutoCallApi", new VbotAutoCallApi(apiKey, settings.get("vbot.hotline-code", ""),
                settings.findInt("vbot.auto-call.max-time-s"), settings.findInt("vbot.auto-call.max-waiting-time-s")));
        VbotTokens tokens = new VbotTokens(camel, settings.get("vbot.url", ""), settings.get("vbot.username", ""),
                settings.get("vbot.password", ""));
        registry.bind("vbotTokens", tokens);
        registry.bind("vbotApi", new VbotApi(tokens, vbotId, groupCode));
        registry.bind("vbotAccountProbe", new VbotAccountProbe(gate, tokens, calls));
        registry.bind("vbotCallHistory", new VbotCallHistory(tokens, calls, apiKey, vbotId, groupCode, reports, polls, gate));
        registry.bind("vbotCallbacks", new VbotCallbacks(reports, gate, settings.get("vbot.webhook.auth-header-name", "Authorization"),
                settings.find("vbot.webhook.auth-header-value").orElse(null)));
        return calls;
    }
}
