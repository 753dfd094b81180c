package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded defaults are locked as real parts would be, against a local user of the same machine: the application
 * started on its own embedded PostgreSQL and Artemis (over a work folder an earlier version left open) takes
 * connections with the generated passwords only.
 */
class EmbeddedPartsLockedTest {

    @TempDir
    Path workDir;

    @Test
    void theEmbeddedDatabaseAndBrokerRefuseWhoeverHasNotTheGeneratedPasswords() throws Exception {
        int dbPort = RunningApp.freePort();
        // a data directory as earlier versions made it: zonky's initdb -A trust, its socket in /tmp
        Path dataDir = workDir.resolve("data/postgres");
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(dbPort).start().close();
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).containsPattern("(?m)^host\\s+all\\s+all\\s+\\S+\\s+trust");

        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.remove("voice.db.url");
        settings.remove("voice.db.username");
        settings.put("voice.db.embedded-port", Integer.toString(dbPort));
        try (RunningApp app = RunningApp.start(settings)) {
            String url = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres";
            // no password, a wrong one: refused (the superuser connected with neither, read files and ran programs)
            assertThatThrownBy(() -> DriverManager.getConnection(url, credentials(null)).close())
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url, credentials("postgres")).close())
                    .hasMessageContaining("password authentication failed");
            String password = Files.readString(workDir.resolve("data/postgres-password"), StandardCharsets.UTF_8).strip();
            DriverManager.getConnection(url, credentials(password)).close();
            assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\btrust\\b");
            // the socket in the owner-only data directory, not in the world-writable /tmp
            assertThat(dataDir.resolve(".s.PGSQL." + dbPort)).exists();
            assertThat(Path.of("/tmp/.s.PGSQL." + dbPort)).doesNotExist();
            for (String folder : new String[] {"data", "outbox", "errors"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve(folder)))).as(folder)
                        .isEqualTo("rwx------");
            }
            for (String secret : new String[] {"postgres-password", "broker-password", "esms-callback-token", "vbot-webhook-token"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve("data").resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            // the generated passwords reach no log line
            String log = Files.readString(RunningApp.logFile(), StandardCharsets.UTF_8);
            assertThat(log).doesNotContain(password).doesNotContain(app.brokerPassword());
            // the application itself works on it: a call goes through to its result
            Fixtures.drop(workDir, "esms-record", "locked.csv", "phone,requestId\n0912345678,locked-1\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Fixtures.resultsFor(workDir, "locked-1").size() == 1);

            // the broker: an anonymous producer over its TCP port is refused, the generated password is not
            try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory tcp =
                    new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + app.setting("voice.broker.port"))) {
                assertThatThrownBy(() -> tcp.createConnection().close()).isInstanceOf(jakarta.jms.JMSSecurityException.class);
                tcp.createConnection(app.brokerUser(), app.brokerPassword()).close();
            }
        }
    }

    private static Properties credentials(String password) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
