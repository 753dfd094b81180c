package vn.voiceroutes.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL of the embedded defaults, its data under the work folder so it survives restarts. A server
 * left running by a process that was killed is found and stopped before this one starts (OrphanedPostgres).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    public EmbeddedDatabase(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        OrphanedPostgres.stopIfAny(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // stopped with the application, after its routes (VoiceConfiguration's resources), not by a JVM
                // shutdown hook of its own that would stop it under routes still publishing results
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        postgres = builder.start();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
