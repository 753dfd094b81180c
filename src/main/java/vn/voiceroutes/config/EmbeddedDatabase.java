package vn.voiceroutes.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the embedded defaults, its data under the work folder so it survives restarts. Locked like
 * a real one: the superuser has a generated password (an owner-only file under {@code <work>/data}), every connection
 * must give it (scram-sha-256 in pg_hba.conf, no "trust"), the server listens on loopback only and its socket is in
 * its owner-only data directory, never in the world-writable /tmp. A server left running by a process that was killed
 * is found and stopped before this one starts (OrphanedPostgres).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String SUPERUSER = "postgres";
    /**
     * Who may connect, and how: by password only, from loopback or the socket. Written over the file initdb wrote and
     * over the "trust" one of data directories made by earlier versions.
     */
    static final String PG_HBA = """
            # Written by voice-routes at every start of its embedded PostgreSQL (EmbeddedDatabase): every connection
            # gives the password in <work>/data/postgres-password; loopback and the owner-only socket only.
            local   all          all                 scram-sha-256
            host    all          all   127.0.0.1/32  scram-sha-256
            host    all          all   ::1/128       scram-sha-256
            local   replication  all                 scram-sha-256
            host    replication  all   127.0.0.1/32  scram-sha-256
            host    replication  all   ::1/128       scram-sha-256
            """;
    /** A socket directory pg_ctl's command line takes as it is (no quoting through its shell), and short enough. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._-]{1,80}");

    private final EmbeddedPostgres postgres;
    private final LocalSecret password;

    public EmbeddedDatabase(Path dataDir, int port, LocalSecret password) throws IOException {
        this.password = password;
        Files.createDirectories(dataDir);
        OrphanedPostgres.stopIfAny(dataDir);
        Path passwordFile = dataDir.resolveSibling("postgres-password");
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // stopped with the application, after its routes (VoiceConfiguration's resources), not by a JVM
                // shutdown hook of its own that would stop it under routes still publishing results
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "localhost")
                // the data directory is owner-only (PostgreSQL refuses to start otherwise); a path the socket cannot
                // take as it is gets no socket at all (loopback TCP only)
                .setServerConfig("unix_socket_directories", PLAIN_PATH.matcher(dataDir.toAbsolutePath().toString()).matches()
                        ? dataDir.toAbsolutePath().toString() : "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                // how zonky's own readiness check connects
                .setConnectConfig("password", password.reveal());
        if (fresh) {
            // zonky runs initdb with "-A trust" and adds these as "--pwfile=..." and "--auth=...": the later --auth
            // wins, so the new cluster is never open, not even for the first start
            builder.setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                    .setLocaleConfig("auth", "scram-sha-256");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        postgres = builder.start();
        try {
            requirePasswords(dataDir, fresh);
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("Cannot lock the embedded database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the password (a data directory made before passwords were: the superuser had none) and writes pg_hba.conf,
     * then has the server read it again. A fresh cluster already has both from initdb.
     */
    private void requirePasswords(Path dataDir, boolean fresh) throws IOException, SQLException {
        Path hba = dataDir.resolve("pg_hba.conf");
        boolean upToDate = Files.isRegularFile(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA);
        if (upToDate) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            if (!fresh) {
                LOG.warn("The embedded database in {} was open to every local user (trust): it now takes the generated "
                        + "password only", dataDir);
                // the SCRAM verifier computed here (PgJDBC): the password itself never travels, nor lands in a server log
                connection.unwrap(org.postgresql.PGConnection.class).alterUserPassword(SUPERUSER, password.reveal().toCharArray(),
                        "scram-sha-256");
            }
            Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
            statement.execute("select pg_reload_conf()");
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(SUPERUSER, "postgres");
    }

    public LocalSecret password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
