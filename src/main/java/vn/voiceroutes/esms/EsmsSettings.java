package vn.voiceroutes.esms;

import vn.voiceroutes.config.Settings;

/**
 * eSMS's settings (esms.*) that its beans take, read once: the account (secrets: ApiKey and SecretKey, required),
 * how long a GET query may be, the form voice OTP is sent in, and the two APIs' addresses (esms.voice-url,
 * esms.rest-url: the status asks choose by the call's channel; the call route templates take them as their
 * voiceUrl and restUrl defaults). The dispatcher's settings are read by its route.
 */
public record EsmsSettings(EsmsAccount account, int maxQueryBytes, String otpForm, EsmsVoiceCalls.OtpRules otpRules,
        String voiceUrl, String restUrl) {

    public static EsmsSettings from(Settings settings) {
        return new EsmsSettings(new EsmsAccount(settings.require("esms.api-key"), settings.require("esms.secret-key")),
                settings.integer("esms.max-query-bytes"), settings.require("esms.otp.form"),
                new EsmsVoiceCalls.OtpRules(java.util.regex.Pattern.compile(settings.require("voice.otp.code-pattern")), settings.flag("esms.otp.record-content")),
                settings.require("esms.voice-url"), settings.require("esms.rest-url"));
    }
}
