package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.source.Channels;
import vn.voiceroutes.vbot.Vbot;

/**
 * Which eSMS API places a call of each channel, said once (EsmsVoice.throughRestApi, EsmsVoice.callOperation): the
 * dispatcher's place route, the call route template and the status poll choose by it, so every channel of eSMS's in
 * the catalog has one, and a channel of another provider none.
 */
class EsmsChannelApisTest {

    @Test
    void eachEsmsChannelGoesThroughOneApiWithItsOperation() {
        assertThat(EsmsVoice.callOperation(EsmsVoice.RECORD_CHANNEL)).isEqualTo(EsmsVoice.MAKE_CALL_RECORD);
        assertThat(EsmsVoice.callOperation(EsmsVoice.TEMPLATE_CHANNEL)).isEqualTo(EsmsVoice.MAKE_CALL_TEMPLATE);
        assertThat(EsmsVoice.throughRestApi(EsmsVoice.OTP_CHANNEL)).isTrue();
        for (String channel : Channels.byProvider().get(EsmsVoice.PROVIDER)) {
            if (!EsmsVoice.throughRestApi(channel)) {
                assertThat(EsmsVoice.callOperation(channel)).as(channel).isNotBlank();
            }
        }
    }

    @Test
    void aChannelEsmsDoesNotPlaceHasNoOperation() {
        assertThat(EsmsVoice.throughRestApi(Vbot.CAMPAIGN_CHANNEL)).isFalse();
        assertThatThrownBy(() -> EsmsVoice.callOperation(Vbot.CAMPAIGN_CHANNEL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Vbot.CAMPAIGN_CHANNEL);
        assertThatThrownBy(() -> EsmsVoice.callOperation(EsmsVoice.OTP_CHANNEL)).isInstanceOf(IllegalArgumentException.class);
    }
}
