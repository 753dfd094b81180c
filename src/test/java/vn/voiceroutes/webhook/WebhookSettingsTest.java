package vn.voiceroutes.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Webhook settings that are not clear refuse the start, naming the key; the URL's secrets never show. */
class WebhookSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Map<String, String> defaults() {
        Map<String, String> settings = new HashMap<>();
        settings.put("voice.webhook.timeout-ms", "10000");
        settings.put("voice.webhook.max-age-ms", "86400000");
        settings.put("voice.webhook.max-in-flight", "4");
        settings.put("voice.webhook.retry-delay-ms", "1000");
        settings.put("voice.webhook.retry-max-delay-ms", "300000");
        return settings;
    }

    private static WebhookSettings from(Map<String, String> settings) {
        return WebhookSettings.from(key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void noUrlIsOffAndNeedsNoSecret() {
        WebhookSettings off = from(defaults());
        assertThat(off.enabled()).isFalse();
        assertThat(off.targets()).isEmpty();
    }

    @Test
    void aChannelsOwnUrlWinsAndChannelsSharingAUrlShareItsLimit() {
        Map<String, String> settings = defaults();
        settings.put("voice.webhook.url", "https://crm.example.vn/hooks/voice?key=abc123");
        settings.put("voice.webhook.esms-otp.url", "https://user:pa%20ss@otp.example.vn/in");
        settings.put("voice.webhook.secret", SECRET);
        WebhookSettings on = from(settings);
        assertThat(on.targets()).hasSize(2);
        assertThat(on.urlOf("esms-otp").orElseThrow().endpoint()).isEqualTo("https://otp.example.vn/in");
        assertThat(on.urlOf("esms-otp").orElseThrow().basicAuthorization())
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("user:pa ss".getBytes()));
        assertThat(on.urlOf("esms-record").orElseThrow().query()).isEqualTo("key=abc123");
        assertThat(on.targets().get(0).channels()).containsExactly("esms-record", "esms-template", "vbot-campaign");
        assertThat(on.toString()).contains("https://crm.example.vn/hooks/voice?****", "https://****@otp.example.vn/in")
                .doesNotContain("abc123").doesNotContain("pa%20ss").doesNotContain(SECRET);
        assertThat(on.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aUrlThatIsNotHttpOrASecretTooShortRefusesTheStartNamingTheKey() {
        Map<String, String> settings = defaults();
        settings.put("voice.webhook.url", "ftp://crm.example.vn/in");
        settings.put("voice.webhook.secret", SECRET);
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.url").hasMessageContaining("http");

        settings.put("voice.webhook.url", "https://crm.example.vn/in");
        settings.remove("voice.webhook.secret");
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.secret is not set");
        settings.put("voice.webhook.secret", "short-secret");
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.secret is shorter than 32 bytes")
                .hasMessageNotContaining("short-secret");
        settings.put("voice.webhook.secret", SECRET);
        settings.put("voice.webhook.previous-secret", "old");
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.previous-secret is shorter");
        settings.remove("voice.webhook.previous-secret");
        settings.put("voice.webhook.vbot-campaign.url", "crm.example.vn/in");
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.vbot-campaign.url");
        settings.remove("voice.webhook.vbot-campaign.url");
        settings.put("voice.webhook.max-in-flight", "0");
        assertThatThrownBy(() -> from(settings)).hasMessageContaining("voice.webhook.max-in-flight 0 is out of range");
    }

    @Test
    void theSignatureIsHmacSha256OfTimeDotBodyWithBothSecretsWhileRotating() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1765101600), java.time.ZoneOffset.UTC);
        String header = new WebhookSignatures(SECRET, "fedcba9876543210fedcba9876543210", clock).sign("{\"a\":1}");
        assertThat(header).isEqualTo("t=1765101600,v1=" + WebhookSignatures.hmac(SECRET.getBytes(), "1765101600.{\"a\":1}")
                + ",v1=" + WebhookSignatures.hmac("fedcba9876543210fedcba9876543210".getBytes(), "1765101600.{\"a\":1}"));
        // a known HMAC-SHA256 vector (RFC 4231 test case 2)
        assertThat(WebhookSignatures.hmac("Jefe".getBytes(), "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
