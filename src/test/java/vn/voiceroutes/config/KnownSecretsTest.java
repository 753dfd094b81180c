package vn.voiceroutes.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The secrets the consoles and the exported spans mask are the values the application runs with. */
class KnownSecretsTest {

    @Test
    void aSecretGivenOutsideThePropertiesFileIsKnown() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties file = new Properties();
            // as config/application-prod.properties holds them: empty, given by the environment or -D
            file.put("esms.secret-key", "");
            file.put("vbot.webhook-token", "");
            file.put("esms.voice-url", "https://voiceapi.esms.vn");
            context.getPropertiesComponent().setInitialProperties(file);
            System.setProperty("esms.secret-key", "given-outside-the-file");
            try {
                Set<String> secrets = new KnownSecrets(context.getPropertiesComponent(), () -> Set.of("generated-token-1")).get();
                assertThat(secrets).contains("given-outside-the-file", "generated-token-1").doesNotContain("https://voiceapi.esms.vn", "");
            } finally {
                System.clearProperty("esms.secret-key");
            }
        }
    }
}
