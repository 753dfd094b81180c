package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.config.LocalSecret;
import vn.voiceroutes.source.Channels;
import vn.voiceroutes.vbot.Vbot;

/**
 * Which eSMS API places a call of each channel, said once (EsmsVoiceApi.sinkOf, EsmsVoice.callOperation) and asked
 * its status (EsmsStatusApi.baseUrlOf): every channel of eSMS's in the catalog goes to a route template that
 * routes/provider-calls/ holds, a channel of another provider to none.
 */
class EsmsChannelApisTest {

    private final EsmsVoiceApi api = new EsmsVoiceApi(new EsmsAccount("test-api-key", "test-secret-key"),
            new CallbackUrls("https://voice.example.vn", LocalSecret.of("test-token"), LocalSecret.of("test-vbot-token")).esmsBase(),
            EsmsVoiceApi.IIS_MAX_QUERY_BYTES, "post");

    @Test
    void eachEsmsChannelIsPlacedThroughARouteTemplateOfItsApi() throws Exception {
        assertThat(api.sinkOf(EsmsVoice.RECORD_CHANNEL)).isEqualTo("esms-voice-call-sink?operation=" + EsmsVoice.MAKE_CALL_RECORD);
        assertThat(api.sinkOf(EsmsVoice.TEMPLATE_CHANNEL)).isEqualTo("esms-voice-call-sink?operation=" + EsmsVoice.MAKE_CALL_TEMPLATE);
        assertThat(api.sinkOf(EsmsVoice.OTP_CHANNEL)).isEqualTo("esms-voice-otp-sink");
        List<String> templates = routeTemplateIds();
        for (String channel : Channels.byProvider().get(EsmsVoice.PROVIDER)) {
            assertThat(templates).as(channel).contains(api.sinkOf(channel).replaceAll("\\?.*", ""));
        }
    }

    @Test
    void eachCallsStatusIsAskedOfTheApiThatPlacedIt() {
        EsmsStatusApi status = new EsmsStatusApi(new EsmsAccount("test-api-key", "test-secret-key"), "http://voice.test", "http://rest.test");
        assertThat(status.baseUrlOf(EsmsVoice.RECORD_CHANNEL)).isEqualTo("http://voice.test");
        assertThat(status.baseUrlOf(EsmsVoice.TEMPLATE_CHANNEL)).isEqualTo("http://voice.test");
        assertThat(status.baseUrlOf(EsmsVoice.OTP_CHANNEL)).isEqualTo("http://rest.test");
        assertThatThrownBy(() -> status.baseUrlOf(Vbot.CAMPAIGN_CHANNEL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChannelEsmsDoesNotPlaceHasNoOperation() {
        assertThatThrownBy(() -> api.sinkOf(Vbot.CAMPAIGN_CHANNEL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Vbot.CAMPAIGN_CHANNEL);
        assertThatThrownBy(() -> EsmsVoice.callOperation(EsmsVoice.OTP_CHANNEL)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> routeTemplateIds() throws Exception {
        Pattern id = Pattern.compile("- routeTemplate:\\s+id: (\\S+)");
        try (var files = Files.list(Path.of("routes/provider-calls"))) {
            return files.flatMap(file -> {
                try {
                    Matcher m = id.matcher(Files.readString(file));
                    return m.results().map(r -> r.group(1)).toList().stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
