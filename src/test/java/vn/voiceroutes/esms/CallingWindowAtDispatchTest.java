package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.dispatch.CallingWindow;
import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.template.VoiceTemplates;

/**
 * A call registered while the calling window was open may go out after it closed (its provider was paused, its list
 * was long): the window is applied again when it goes out, or the phone would ring at night.
 */
class CallingWindowAtDispatchTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void aCallSentAfterTheWindowClosedIsScheduledForItsNextOpening() throws Exception {
        EsmsVoiceCalls at1730 = calls("2026-11-23T17:30:00+07:00");
        assertThat(at1730.scheduleForNow(call("esms-record", null)).param(EsmsVoice.SEND_DATE)).isEqualTo("2026/11/24 08:00:00");
        assertThat(at1730.scheduleForNow(call("esms-template", null)).param(EsmsVoice.SEND_DATE)).isEqualTo("2026/11/24 08:00:00");
        // a SendDate that passed while the call waited would ring at once: the next opening instead
        assertThat(at1730.scheduleForNow(call("esms-record", "2026/11/23 16:00:00")).param(EsmsVoice.SEND_DATE))
                .isEqualTo("2026/11/24 08:00:00");
        // one still ahead stays as it is
        assertThat(at1730.scheduleForNow(call("esms-record", "2026/11/24 10:15:00")).param(EsmsVoice.SEND_DATE))
                .isEqualTo("2026/11/24 10:15:00");
        // voice OTP rings when asked
        assertThat(at1730.scheduleForNow(call("esms-otp", null)).param(EsmsVoice.SEND_DATE)).isNull();
    }

    @Test
    void insideTheWindowNothingChanges() throws Exception {
        EsmsVoiceCalls at1000 = calls("2026-11-23T10:00:00+07:00");
        assertThat(at1000.scheduleForNow(call("esms-record", null)).param(EsmsVoice.SEND_DATE)).isNull();
        assertThat(at1000.scheduleForNow(call("esms-record", "2026/11/23 09:00:00")).param(EsmsVoice.SEND_DATE))
                .isEqualTo("2026/11/23 09:00:00");
    }

    private static EsmsVoiceCalls calls(String now) throws java.io.IOException {
        Clock clock = Clock.fixed(Instant.from(java.time.OffsetDateTime.parse(now)), VIETNAM);
        EsmsVoiceApi api = new EsmsVoiceApi(new EsmsAccount("test-api-key", "test-secret-key"),
                new CallbackUrls("https://voice.example.vn", LocalSecret.of("test-token"), LocalSecret.of("test-vbot-token")).esmsBase(),
                EsmsVoiceApi.IIS_MAX_QUERY_BYTES, "post");
        return new EsmsVoiceCalls(new VoiceTemplates(null), CallingWindow.parse("08:00-17:00", VIETNAM, clock), api);
    }

    private static CallRequest call(String channel, String sendDate) {
        CallRequest request = new CallRequest();
        request.setRequestId("window-1");
        request.setChannel(channel);
        request.setPhone("0912345678");
        request.getParams().put(EsmsVoice.PHONE, "0912345678");
        if (sendDate != null) {
            request.getParams().put(EsmsVoice.SEND_DATE, sendDate);
        }
        return request;
    }
}
