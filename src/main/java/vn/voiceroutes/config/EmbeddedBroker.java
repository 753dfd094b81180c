package vn.voiceroutes.config;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The in-process ActiveMQ Artemis broker of the embedded defaults: persistent journal under the work folder,
 * in-VM acceptor for this process and a loopback TCP acceptor so a second process (another node, a script) can use it.
 * Security is on, as on a real broker: every connection, in-VM ones included, logs in as the one user it knows
 * (voice.broker.username, default voice-routes, with voice.broker.password or the password generated into
 * {@code <work>/data/broker-password}); an anonymous or wrong login is refused.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String IN_VM_URL = "vm://0";
    /** The user the embedded broker knows when voice.broker.username is not set. */
    public static final String DEFAULT_USER = "voice-routes";
    private static final String ROLE = "voice-routes";

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();

    /**
     * @param brokerProperties what voice-routes needs of any broker (config/artemis/broker.properties): addresses,
     *        redelivery, duplicate detection; the same file a standalone broker is given
     * @param redeliveryDelayMillis replaces that file's first redelivery delay when set (tests shorten it)
     */
    public EmbeddedBroker(Path dataDir, String host, int port, java.util.Properties brokerProperties, Long redeliveryDelayMillis,
            String username, LocalSecret password) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("voice-routes")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("in-vm", IN_VM_URL)
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port);
        // the application's user may do everything on every address; nobody else may connect
        config.putSecurityRoles("#", java.util.Set.of(new org.apache.activemq.artemis.core.security.Role(ROLE,
                true, true, true, true, true, true, true, true, true, true, true, true)));
        org.apache.activemq.artemis.core.config.impl.SecurityConfiguration users =
                new org.apache.activemq.artemis.core.config.impl.SecurityConfiguration();
        users.addUser(username, password.reveal());
        users.addRole(username, ROLE);
        broker.setSecurityManager(new org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager(
                org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule.class.getName(), users));
        config.parsePrefixedProperties(brokerProperties, null);
        // Artemis records a key it cannot apply in the configuration's status instead of failing: fail here
        String status = config.getStatus();
        if (status != null && status.contains("\"errors\":[{")) {
            throw new IllegalStateException("config/artemis/broker.properties has keys Artemis cannot apply: " + status);
        }
        if (redeliveryDelayMillis != null) {
            config.getAddressSettings().get("voice.#").setRedeliveryDelay(redeliveryDelayMillis);
        }
        broker.setConfiguration(config);
        broker.start();
        // Artemis logs a port it cannot bind and carries on; the operator asked for that port, so fail instead.
        var acceptor = broker.getActiveMQServer().getRemotingService().getAcceptor("tcp");
        if (!broker.getActiveMQServer().isActive() || acceptor == null || !acceptor.isStarted()) {
            broker.stop();
            throw new IllegalStateException("The embedded broker cannot listen on " + host + ":" + port
                    + " (voice.broker.port): is another process using it?");
        }
    }

    org.apache.activemq.artemis.core.server.ActiveMQServer server() {
        return broker.getActiveMQServer();
    }

    public boolean isActive() {
        return broker.getActiveMQServer() != null && broker.getActiveMQServer().isActive();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }

    /** config/artemis/broker.properties: on disk under the configuration folder, else the packaged copy. */
    public static java.util.Properties brokerProperties(String configDir) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        Path onDisk = configDir == null ? null : Path.of(configDir, "artemis", "broker.properties");
        try (java.io.InputStream in = onDisk != null && java.nio.file.Files.isRegularFile(onDisk) ? java.nio.file.Files.newInputStream(onDisk)
                : EmbeddedBroker.class.getResourceAsStream("/artemis/broker.properties")) {
            if (in == null) {
                throw new java.io.FileNotFoundException("config/artemis/broker.properties");
            }
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }
}
