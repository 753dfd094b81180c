package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.model.CallRequest;

/** A call's id goes to eSMS as it is, each redial attempt under an id of its own that eSMS still keeps whole. */
class EsmsRequestIdTest {

    @Test
    void theLongestIdAndItsRedialsFitWhatEsmsKeeps() {
        assertThat(CallRequest.REQUEST_ID_MAX).isLessThanOrEqualTo(EsmsVoice.REQUEST_ID_MAX);
        String longest = "r".repeat(CallRequest.REQUEST_ID_MAX);
        assertThat(CallRequest.attemptId(longest, 1)).isEqualTo(longest);
        for (int attempt = 2; attempt <= 12; attempt++) {
            assertThat(CallRequest.attemptId(longest, attempt)).hasSizeLessThanOrEqualTo(EsmsVoice.REQUEST_ID_MAX)
                    .endsWith("~" + attempt).isNotEqualTo(CallRequest.attemptId(longest, attempt - 1));
        }
        assertThat(CallRequest.attemptId("short", 2)).isEqualTo("short~2");
    }
}
