package vn.voiceroutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One PostgreSQL server for the whole test JVM, started on first use: each test application gets a database of its
 * own in it (its ledger, migrated by Flyway at its start), instead of unpacking and initialising a server of its own
 * every time. Tests that are about the embedded database itself leave voice.db.url unset.
 */
public final class TestDatabases {

    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new database with the ledger's migrations applied, for tests of the ledger's own rules. */
    public static javax.sql.DataSource newLedgerDatabase() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(newDatabaseUrl());
        dataSource.setUser("postgres");
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** The JDBC URL of a new, empty database (user postgres, no password). */
    public static synchronized String newDatabaseUrl() {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().start();
            }
            String name = "voice_test_" + DATABASES.incrementAndGet();
            try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("create database " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
