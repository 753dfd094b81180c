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

    private static final LocalSecret PASSWORD = LocalSecret.of("broker-password-Kq2");

    @TempDir
    Path dataDir;

    /**
     * Security is on (it was off: any local process could put calls on voice.* and read voice.results): over its TCP
     * port, as another process connects, an anonymous producer and a wrong password are refused; the right password
     * sends and reads.
     */
    @Test
    void theEmbeddedBrokerRefusesAnonymousAndWrongLoginsOverTcp() throws Exception {
        int port = vn.voiceroutes.RunningApp.freePort();
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir, "127.0.0.1", port, EmbeddedBroker.brokerProperties("config"), null,
                "voice-routes", PASSWORD);
                org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory tcp =
                        new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> sendOne(tcp.createConnection()))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> sendOne(tcp.createConnection("voice-routes", "guess")))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
            sendOne(tcp.createConnection("voice-routes", PASSWORD.reveal()));
            try (jakarta.jms.Connection connection = tcp.createConnection("voice-routes", PASSWORD.reveal())) {
                connection.start();
                jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.Message received = session.createConsumer(session.createQueue("voice.esms-record")).receive(5000);
                assertThat(received).isNotNull();
            }
        }
    }

    /** The README's per-address roles for production apply to a broker as they are: each role what it says, no more. */
    @Test
    void theExampleRolesForProductionApplyAsTheySay() throws Exception {
        Properties roles = new Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(Path.of("config/artemis/broker-roles.example.properties"))) {
            roles.load(in);
        }
        org.apache.activemq.artemis.core.config.impl.ConfigurationImpl config = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        config.parsePrefixedProperties(roles, null);
        assertThat(config.getStatus()).doesNotContain("\"errors\":[{");
        java.util.Map<String, java.util.Set<org.apache.activemq.artemis.core.security.Role>> byMatch = config.getSecurityRoles();
        org.apache.activemq.artemis.core.security.Role reader = byMatch.get("voice.results").stream()
                .filter(r -> r.getName().equals("results-reader")).findFirst().orElseThrow();
        assertThat(reader.isConsume()).isTrue();
        assertThat(reader.isSend()).isFalse();
        org.apache.activemq.artemis.core.security.Role producer = byMatch.get("voice.esms-otp").stream()
                .filter(r -> r.getName().equals("orders-producer")).findFirst().orElseThrow();
        assertThat(producer.isSend()).isTrue();
        assertThat(producer.isConsume()).isFalse();
        assertThat(byMatch.get("voice.results")).noneMatch(r -> r.getName().equals("orders-producer"));
    }

    private static void sendOne(jakarta.jms.Connection connection) throws jakarta.jms.JMSException {
        try (connection) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("voice.esms-record")).send(session.createTextMessage("{\"phone\":\"0912345678\"}"));
        }
    }

    @Test
    void theShippedBrokerPropertiesGiveTheQueuesTheTopicRedeliveryAndTheResultsDuplicateCache() throws Exception {
        Properties shipped = EmbeddedBroker.brokerProperties("config");
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir, "127.0.0.1", 0, shipped, null, "voice-routes", PASSWORD)) {
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
        assertThatThrownBy(() -> new EmbeddedBroker(dataDir, "127.0.0.1", 0, misspelt, null, "voice-routes", PASSWORD).close())
                .hasMessageContaining("config/artemis/broker.properties").hasMessageContaining("redeliveryDelai");
    }
}
