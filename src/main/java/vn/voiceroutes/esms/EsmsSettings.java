package vn.voiceroutes.esms;

import vn.voiceroutes.config.Settings;

/**
 * eSMS's settings (esms.*) that its beans take, read once: the account (secrets: ApiKey and SecretKey, required),
 * how long a GET query may be, and the form voice OTP is sent in. esms.voice-url and esms.rest-url are read by the
 * kamelets (their voiceUrl and restUrl properties); the dispatcher's settings by its route.
 */
public record EsmsSettings(EsmsAccount account, int maxQueryBytes, String otpForm, EsmsVoiceCalls.OtpRules otpRules) {

    public static EsmsSettings from(Settings settings) {
        return new EsmsSettings(new EsmsAccount(settings.require("esms.api-key"), settings.require("esms.secret-key")),
                settings.integer("esms.max-query-bytes"), settings.require("esms.otp.form"),
                new EsmsVoiceCalls.OtpRules(java.util.regex.Pattern.compile(settings.require("voice.otp.code-pattern")), settings.flag("esms.otp.record-content")));
    }
}
