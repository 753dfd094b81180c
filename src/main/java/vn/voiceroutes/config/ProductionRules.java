package vn.voiceroutes.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What the prod profile (camel.main.profile=prod) refuses to start without, all said at once: the real broker and
 * database (the embedded ones are for a developer's machine, and a start that forgot voice.db.url would otherwise run
 * the ledger in the work folder), no simulator, and an https public URL (the callbacks carry their token, the console
 * its session cookie, which is then Secure), and https webhook URLs (their events carry phone numbers).
 */
public final class ProductionRules {

    private ProductionRules() {
    }

    public static boolean isProduction(Settings settings) {
        return "prod".equalsIgnoreCase(settings.get("camel.main.profile", ""));
    }

    /** An http URL of this machine only (a test topology on one host): nothing outside it can call it. */
    static boolean loopback(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host != null && Infrastructure.isLoopback(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Throws, naming every setting that is missing or refused, when the prod profile cannot start as configured.
     * webhookUrlKeys: the keys a webhook URL may be set under (WebhookSettings.urlKeys).
     */
    public static void check(Settings settings, List<String> webhookUrlKeys) {
        boolean production = isProduction(settings);
        List<String> refused = new ArrayList<>();
        if (production) {
            if (settings.flag("voice.simulator.enabled")) {
                refused.add("voice.simulator.enabled=true is refused: production calls go to the real providers only");
            }
            for (String key : List.of("voice.db.url", "voice.broker.url")) {
                if (settings.find(key).isEmpty()) {
                    refused.add(key + " is not set (" + Settings.envName(key) + "): production runs on a real "
                            + (key.contains("db") ? "PostgreSQL" : "broker") + ", never the embedded one");
                }
            }
            String publicUrl = settings.get("voice.public-url", "");
            if (!publicUrl.toLowerCase(java.util.Locale.ROOT).startsWith("https://") && !loopback(publicUrl)) {
                refused.add("voice.public-url must be an https:// URL (the providers' callbacks carry their token, the "
                        + "console its session); http is taken for a loopback address only, which no provider reaches");
            }
            // webhook events carry phone numbers and outcomes: signed, but over http anyone on the way reads them
            for (String key : webhookUrlKeys) {
                String url = settings.find(key).map(String::strip).orElse("");
                if (!url.isEmpty() && !url.toLowerCase(java.util.Locale.ROOT).startsWith("https://") && !loopback(url)) {
                    refused.add(key + " must be an https:// URL (its events carry phone numbers and outcomes); http is "
                            + "taken for a loopback address only");
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("The prod profile cannot start: " + String.join("; ", refused));
        }
    }
}
