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
 * was long): the window is applied again when it goes out, or the phone would ring at night. A call outside the
 * window, or with a sendDate ahead, waits in the ledger until it is due: eSMS is never given a SendDate.
 */
class CallingWindowAtDispatchTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void aCallClaimedAfterTheWindowClosedIsHeldUntilItsNextOpening() throws Exception {
        EsmsVoiceCalls at1730 = calls("2026-11-23T17:30:00+07:00");
        assertThat(at1730.heldUntil(call("esms-record", null))).isEqualTo("2026-11-24T08:00+07:00");
        assertThat(at1730.heldUntil(call("esms-template", null))).isEqualTo("2026-11-24T08:00+07:00");
        // a SendDate left by an older version that passed while the call waited: the next opening, and eSMS is never
        // given it
        CallRequest passed = call("esms-record", "2026/11/23 16:00:00");
        assertThat(at1730.heldUntil(passed)).isEqualTo("2026-11-24T08:00+07:00");
        assertThat(passed.param(EsmsVoice.SEND_DATE)).isNull();
        // one still ahead: held until then
        assertThat(at1730.heldUntil(call("esms-record", "2026/11/24 10:15:00"))).isEqualTo("2026-11-24T10:15+07:00");
        // voice OTP rings when asked
        assertThat(at1730.heldUntil(call("esms-otp", null))).isNull();
    }

    @Test
    void insideTheWindowItGoesOutNowAndEsmsIsNeverGivenASendDate() throws Exception {
        EsmsVoiceCalls at1000 = calls("2026-11-23T10:00:00+07:00");
        assertThat(at1000.heldUntil(call("esms-record", null))).isNull();
        CallRequest legacy = call("esms-record", "2026/11/23 09:00:00");
        assertThat(at1000.heldUntil(legacy)).isNull();
        assertThat(legacy.param(EsmsVoice.SEND_DATE)).isNull();
    }

    @Test
    void aRecordsSendDateOrTheClosedWindowMakesItDueLaterWithNoSendDateInItsRequest() throws Exception {
        EsmsVoiceCalls at1730 = calls("2026-11-23T17:30:00+07:00");
        CallRequest tonight = call("esms-record", null);
        tonight.getParams().put(EsmsVoice.TEMPLATE_ID, "42");
        at1730.prepare(tonight);
        assertThat(tonight.getDueAt()).isEqualTo("2026-11-24T08:00+07:00");
        assertThat(tonight.param(EsmsVoice.SEND_DATE)).isNull();
        CallRequest asked = call("esms-record", "2026/11/24 09:30:00");
        asked.getParams().put(EsmsVoice.TEMPLATE_ID, "42");
        at1730.prepare(asked);
        assertThat(asked.getDueAt()).isEqualTo("2026-11-24T09:30+07:00");
        assertThat(asked.param(EsmsVoice.SEND_DATE)).isNull();
        EsmsVoiceCalls at1000 = calls("2026-11-23T10:00:00+07:00");
        CallRequest now = call("esms-record", null);
        now.getParams().put(EsmsVoice.TEMPLATE_ID, "42");
        at1000.prepare(now);
        assertThat(now.getDueAt()).isNull();
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
