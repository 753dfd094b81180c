package vn.voiceroutes.config;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The broker and the ledger's database: external when voice.broker.url and voice.db.url say so, else embedded
 * (Artemis in-process, PostgreSQL under the work folder), started side by side while Camel reads the routes; the
 * schema migrated by Flyway either way; the inboxes' read locks kept in the database. What the composition root and
 * the health checks need of them.
 */
public final class Infrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private final EmbeddedStart embedded;
    private final CompletableFuture<EmbeddedBroker> broker;
    private final String brokerUrl;
    private final ActiveMQConnectionFactory artemis;
    private final CachingConnectionFactory jmsConnectionFactory;
    private final HikariDataSource dataSource;

    private Infrastructure(EmbeddedStart embedded, CompletableFuture<EmbeddedBroker> broker, String brokerUrl,
            ActiveMQConnectionFactory artemis, CachingConnectionFactory jmsConnectionFactory, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.broker = broker;
        this.brokerUrl = brokerUrl;
        this.artemis = artemis;
        this.jmsConnectionFactory = jmsConnectionFactory;
        this.dataSource = dataSource;
    }

    /** Starts (or points at) the broker and the database, binds jmsConnectionFactory, ledgerDataSource and fileReadLocks. */
    public static Infrastructure start(CamelContext context, Settings settings, WorkFolder work, StartedResources resources)
            throws Exception {
        // The embedded broker and database start side by side, while Camel reads the routes; the routes start once
        // both are up and the schema is migrated (EmbeddedStart).
        EmbeddedStart embedded = new EmbeddedStart();
        Registry registry = context.getRegistry();

        // --- broker: external when voice.broker.url is set, else in-process Artemis
        String brokerUrl = settings.find("voice.broker.url").orElse(null);
        int brokerPort = settings.integer("voice.broker.port");
        String brokerUser = settings.find("voice.broker.username").orElse(brokerUrl == null ? EmbeddedBroker.DEFAULT_USER : null);
        LocalSecret brokerPassword = brokerUrl != null ? settings.find("voice.broker.password").map(LocalSecret::of).orElse(null)
                : embeddedBrokerPassword(settings, work);
        java.util.concurrent.CompletableFuture<EmbeddedBroker> broker = brokerUrl != null ? embedded.none()
                : embedded.start("the embedded broker", () -> {
                    EmbeddedBroker started = new EmbeddedBroker(work.data("artemis"), settings.require("voice.broker.host"), brokerPort,
                            EmbeddedBroker.brokerProperties(settings.find("voice.config-dir").orElse(null)),
                            settings.find("voice.broker.redelivery-delay-ms").map(Long::valueOf).orElse(null),
                            brokerUser, brokerPassword);
                    LOG.info("Embedded Artemis broker started (TCP {}:{}, user {})", settings.require("voice.broker.host"),
                            brokerPort, brokerUser);
                    return started;
                });
        resources.add(() -> EmbeddedStart.closeOnceStarted(broker));
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(brokerUrl != null ? brokerUrl : EmbeddedBroker.IN_VM_URL,
                brokerUser, brokerPassword == null ? null : brokerPassword.reveal());
        // Calls are slow consumers shared by nodes: no client-side buffering of messages one consumer then sits on
        // (a suspended route's consumer would keep them until it closes).
        artemis.setConsumerWindowSize(0);
        CachingConnectionFactory jmsConnectionFactory = new CachingConnectionFactory(artemis);
        jmsConnectionFactory.setSessionCacheSize(10);
        jmsConnectionFactory.setCacheConsumers(false);
        resources.add(jmsConnectionFactory::destroy);
        resources.add(artemis::close);
        registry.bind("jmsConnectionFactory", jmsConnectionFactory);

        // --- database: external when voice.db.url is set, else embedded PostgreSQL; schema by Flyway either way. The
        // pool connects on first use, once the database is up.
        String jdbcUrl = settings.find("voice.db.url").orElse(null);
        java.util.concurrent.CompletableFuture<EmbeddedDatabase> database = jdbcUrl != null ? embedded.none()
                : embedded.start("the embedded database", () -> {
                    EmbeddedDatabase started = new EmbeddedDatabase(work.data("postgres"), settings.integer("voice.db.embedded-port"),
                            LocalSecret.generated(work.data("postgres-password")));
                    LOG.info("Embedded PostgreSQL started, data in {}", work.data("postgres"));
                    return started;
                });
        resources.add(() -> EmbeddedStart.closeOnceStarted(database));
        HikariDataSource dataSource = new HikariDataSource();
        if (jdbcUrl == null) {
            dataSource.setUsername(EmbeddedDatabase.SUPERUSER);
        } else {
            dataSource.setUsername(settings.find("voice.db.username").orElse(null));
            dataSource.setPassword(settings.find("voice.db.password").orElse(null));
        }
        dataSource.setMaximumPoolSize(settings.integer("voice.db.pool-size"));
        dataSource.setPoolName("voice-ledger");
        resources.add(dataSource);
        embedded.then("the ledger's schema", database, started -> {
            dataSource.setJdbcUrl(started != null ? started.jdbcUrl() : jdbcUrl);
            if (started != null) {
                dataSource.setPassword(started.password().reveal());
            }
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        });
        context.addStartupListener((ctx, alreadyStarted) -> embedded.awaitAll());
        registry.bind("ledgerDataSource", dataSource);
        // the inboxes' read locks, shared by the nodes through the database (routes/sources/*-file.camel.yaml);
        // started once the database is up, as its keep-alive writes to it
        org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository fileReadLocks =
                new org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository(dataSource, "inbox", context);
        fileReadLocks.setTableName("file_read_lock");
        fileReadLocks.setCreateTableIfNotExists(false);
        fileReadLocks.setLockKeepAliveIntervalMillis(settings.millis("voice.inbox.lock-keep-alive-ms").toMillis());
        fileReadLocks.setLockMaxAgeMillis(settings.millis("voice.inbox.lock-max-age-ms").toMillis());
        registry.bind("fileReadLocks", fileReadLocks);
        context.addStartupListener((ctx, alreadyStarted) -> ctx.addService(fileReadLocks, true, true));
        return new Infrastructure(embedded, broker, brokerUrl, artemis, jmsConnectionFactory, dataSource);
    }

    /**
     * The embedded broker's password: voice.broker.password, else generated into {@code <work>/data/broker-password}
     * (which bin/send-to-queue reads). A broker listening beyond loopback (voice.broker.host) is reached by other hosts,
     * whose operators must be given its password: it is refused unless the password is configured.
     */
    private static LocalSecret embeddedBrokerPassword(Settings settings, WorkFolder work) {
        java.util.Optional<String> configured = settings.find("voice.broker.password");
        String host = settings.require("voice.broker.host");
        if (configured.isEmpty() && !isLoopback(host)) {
            throw new IllegalStateException("voice.broker.host=" + host + " opens the embedded broker beyond this machine: "
                    + "set voice.broker.username and voice.broker.password (VOICE_BROKER_PASSWORD) for it, or keep it on 127.0.0.1");
        }
        return configured.map(LocalSecret::of).orElseGet(() -> LocalSecret.generated(work.data(BROKER_PASSWORD_FILE)));
    }

    /** Where the embedded broker's generated password is kept, under {@code <work>/data}. */
    public static final String BROKER_PASSWORD_FILE = "broker-password";

    /**
     * Whether a host is this machine's loopback: "localhost", or an address literal (127.x, ::1, bracketed or not).
     * A name is not looked up at start (no DNS round trip, no answer that could change): it is not loopback.
     */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(bare).isLoopbackAddress(); // a literal: parsed, never resolved
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Where the other embedded parts start side by side (the simulator). */
    public EmbeddedStart embedded() {
        return embedded;
    }

    public CachingConnectionFactory jmsConnectionFactory() {
        return jmsConnectionFactory;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The broker takes connections (the embedded one started and active, or the external one reachable). */
    public boolean brokerUp() {
        EmbeddedBroker embeddedBroker = broker.getNow(null);
        if (brokerUrl == null && (embeddedBroker == null || !embeddedBroker.isActive())) {
            return false;
        }
        try (jakarta.jms.Connection connection = artemis.createConnection()) {
            return true;
        } catch (jakarta.jms.JMSException e) {
            return false;
        }
    }

    public boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
