package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneId;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.dispatch.CallingWindow;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.template.VoiceTemplates;

/**
 * A voice OTP rings at any hour and skips the do-not-call lists, the opt-outs and the cap, so it speaks nothing but
 * its template with a code: a record's own content (an advertisement sent as "OTP" reached an opted-out number) is
 * refused unless esms.otp.record-content=true, and so is a code that does not match voice.otp.code-pattern.
 */
class VoiceOtpRulesTest {

    @Test
    void byDefaultOnlyTheTemplateWithACodeIsSpoken() throws Exception {
        EsmsVoiceCalls calls = calls(EsmsVoiceCalls.OtpRules.DEFAULT);
        CallRequest spoken = calls.prepare(otp("code", "482913"));
        assertThat(spoken.param(EsmsVoice.CONTENT)).isEqualTo("Ma xac thuc cua ban la 482913");
        assertThat(spoken.param(EsmsVoice.IS_UNICODE)).isEqualTo("0");
        // the template is given the code alone: another field of the record is not spoken even where the template names it
        java.nio.file.Path templates = java.nio.file.Files.createTempDirectory("otp-templates");
        java.nio.file.Files.createDirectories(templates.resolve("esms-otp"));
        java.nio.file.Files.writeString(templates.resolve("esms-otp/content.ftl"), "Ma ${code} ${name}");
        CallRequest withName = otp("code", "4829");
        withName.getVariables().put("name", "Khuyen mai lon");
        assertThatThrownBy(() -> calls(EsmsVoiceCalls.OtpRules.DEFAULT, templates.toString()).prepare(withName))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("name");

        CallRequest advert = otp("code", "482913");
        advert.getParams().put(EsmsVoice.CONTENT, "Khuyến mãi lớn: gọi ngay 1900 1234");
        assertThatThrownBy(() -> calls.prepare(advert)).isInstanceOf(InvalidRecordException.class).hasMessageContaining("content");
        for (String code : new String[] {"12ab", "123", "123456789", "Mua ngay"}) {
            assertThatThrownBy(() -> calls.prepare(otp("code", code))).as(code).isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("is not a code");
        }
        assertThatThrownBy(() -> calls.prepare(otp(null, null))).hasMessageContaining("code").hasMessageContaining("is missing");
    }

    @Test
    void aRecordsOwnContentOnlyWhereTheSettingAllowsIt() throws Exception {
        EsmsVoiceCalls calls = calls(new EsmsVoiceCalls.OtpRules(Pattern.compile("[A-Z0-9]{6}"), true));
        CallRequest own = otp(null, null);
        own.getParams().put(EsmsVoice.CONTENT, "Mã của bạn là 7");
        own.getParams().put(EsmsVoice.SANDBOX, "1");
        CallRequest spoken = calls.prepare(own);
        assertThat(spoken.param(EsmsVoice.CONTENT)).isEqualTo("Mã của bạn là 7");
        assertThat(spoken.param(EsmsVoice.IS_UNICODE)).isEqualTo("1");
        assertThat(spoken.param(EsmsVoice.SANDBOX)).isEqualTo("1");
        // the pattern is the setting's
        assertThat(calls.prepare(otp("code", "AB12CD")).param(EsmsVoice.CONTENT)).endsWith("AB12CD");
    }

    private static EsmsVoiceCalls calls(EsmsVoiceCalls.OtpRules rules) throws java.io.IOException {
        return calls(rules, null);
    }

    private static EsmsVoiceCalls calls(EsmsVoiceCalls.OtpRules rules, String templatesDir) throws java.io.IOException {
        ZoneId vietnam = ZoneId.of("Asia/Ho_Chi_Minh");
        EsmsVoiceApi api = new EsmsVoiceApi(new EsmsAccount("test-api-key", "test-secret-key"),
                new CallbackUrls("https://voice.example.vn", LocalSecret.of("test-token"), LocalSecret.of("test-vbot-token")).esmsBase(),
                EsmsVoiceApi.IIS_MAX_QUERY_BYTES, "post");
        return new EsmsVoiceCalls(new VoiceTemplates(templatesDir), CallingWindow.parse("", vietnam, Clock.systemUTC()), api, rules);
    }

    private static CallRequest otp(String variable, String value) {
        CallRequest request = new CallRequest();
        request.setRequestId("otp-rules-1");
        request.setChannel(EsmsVoice.OTP_CHANNEL);
        request.setPhone("0912345678");
        request.getParams().put(EsmsVoice.PHONE, "0912345678");
        if (variable != null) {
            request.getVariables().put(variable, value);
        }
        return request;
    }
}
