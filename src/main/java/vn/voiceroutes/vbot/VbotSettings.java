package vn.voiceroutes.vbot;

import vn.voiceroutes.config.Settings;

/**
 * VBot's settings (vbot.*), read once. Secrets: password, apiKey, webhookAuthValue; toString never shows them.
 * vbot.url is read by the kamelets as well (their vbotUrl property).
 */
public record VbotSettings(String url, String username, String password, String vbotId, String groupCode, String transport,
        String apiKey, String hotlineCode, Integer maxTimeSeconds, Integer maxWaitingTimeSeconds, String webhookAuthHeader,
        String webhookAuthValue) {

    public static VbotSettings from(Settings settings) {
        return new VbotSettings(settings.get("vbot.url", ""), settings.get("vbot.username", ""), settings.get("vbot.password", ""),
                settings.get("vbot.vbot-id", ""), settings.get("vbot.group-code", ""), settings.require("vbot.transport"),
                settings.find("vbot.api-key").orElse(null), settings.get("vbot.hotline-code", ""),
                settings.findInt("vbot.auto-call.max-time-s"), settings.findInt("vbot.auto-call.max-waiting-time-s"),
                settings.require("vbot.webhook.auth-header-name"),
                settings.find("vbot.webhook.auth-header-value").orElse(null));
    }

    @Override
    public String toString() {
        return "VbotSettings[url=" + url + ", username=" + username + ", password=****, vbotId=" + vbotId + ", groupCode="
                + groupCode + ", transport=" + transport + ", apiKey=****, hotlineCode=" + hotlineCode + ", webhookAuthHeader="
                + webhookAuthHeader + ", webhookAuthValue=****]";
    }
}
