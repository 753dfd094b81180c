package vn.voiceroutes.config;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The in-process ActiveMQ Artemis broker of the embedded defaults: persistent journal under the work folder,
 * in-VM acceptor for this process and a loopback TCP acceptor so a second process (another node, a script) can use it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String IN_VM_URL = "vm://0";

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();

    public EmbeddedBroker(Path dataDir, String host, int port, long redeliveryDelayMillis) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("voice-routes")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("in-vm", IN_VM_URL)
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port)
                // A message rolled back (provider paused, database down) comes back later, never dropped after N tries.
                .addAddressSetting("voice.#", new AddressSettings().setRedeliveryDelay(redeliveryDelayMillis).setRedeliveryMultiplier(2)
                        .setMaxRedeliveryDelay(300_000).setMaxDeliveryAttempts(-1)
                        // never used with unlimited attempts and no expiry, but named so Artemis knows where they would go
                        .setDeadLetterAddress(SimpleString.of("voice.broker.dead-letters"))
                        .setExpiryAddress(SimpleString.of("voice.broker.expired")));
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

    public boolean isActive() {
        return broker.getActiveMQServer() != null && broker.getActiveMQServer().isActive();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
