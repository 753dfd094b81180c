package vn.voiceroutes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/artemis/broker.properties is what any broker must be given: the embedded one applies it as a standalone
 * Artemis does (etc/broker.properties), and a key Artemis cannot apply stops the start instead of being skipped.
 */
class BrokerPropertiesTest {

    @TempDir
    Path dataDir;

    @Test
    void theShippedBrokerPropertiesGiveTheQueuesTheTopicRedeliveryAndTheResultsDuplicateCache() throws Exception {
        Properties shipped = EmbeddedBroker.brokerProperties("config");
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir, "127.0.0.1", 0, shipped, null)) {
            ActiveMQServer server = broker.server();
            for (String queue : new String[] {"voice.esms-record", "voice.esms-template", "voice.esms-otp", "voice.vbot-campaign", "voice.dlq"}) {
                assertThat(server.locateQueue(SimpleString.of(queue))).as(queue).isNotNull()
                        .satisfies(q -> assertThat(q.getRoutingType()).isEqualTo(RoutingType.ANYCAST));
            }
            assertThat(server.getAddressInfo(SimpleString.of("voice.results")).getRoutingTypes()).containsExactly(RoutingType.MULTICAST);

            AddressSettings channel = server.getAddressSettingsRepository().getMatch("voice.esms-record");
            assertThat(channel.getRedeliveryDelay()).isEqualTo(5000);
            assertThat(channel.getMaxDeliveryAttempts()).isEqualTo(-1);
            assertThat(channel.getMaxRedeliveryDelay()).isEqualTo(300_000);
            AddressSettings results = server.getAddressSettingsRepository().getMatch("voice.results");
            assertThat(results.getIDCacheSize()).isEqualTo(100_000);
            assertThat(results.getMaxDeliveryAttempts()).as("inherited from voice.#").isEqualTo(-1);
            assertThat(server.getConfiguration().isPersistIDCache()).isTrue();
        }
    }

    @Test
    void aKeyArtemisCannotApplyStopsTheStart() throws Exception {
        Properties misspelt = EmbeddedBroker.brokerProperties("config");
        misspelt.setProperty("addressSettings.\"voice.#\".redeliveryDelai", "5000");
        assertThatThrownBy(() -> new EmbeddedBroker(dataDir, "127.0.0.1", 0, misspelt, null).close())
                .hasMessageContaining("config/artemis/broker.properties").hasMessageContaining("redeliveryDelai");
    }
}
