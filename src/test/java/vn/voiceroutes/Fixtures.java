package vn.voiceroutes;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What tests do from the outside: drop files, read result files and error files, query the ledger. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the waits below are for files, rows and calls that take tens of milliseconds: Awaitility's 100 ms default
        // poll would add half of that to each of the suite's many waits
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
    }

    private Fixtures() {
    }

    /** Drops a file the way operators should: written aside, then moved into the inbox in one step. */
    /**
     * Waits out the last seconds of a Vietnamese day (voice.time-zone): a file's rows are named by the day it is read
     * on, so a test that drops the same list twice means the same day.
     */
    static void sameDayFor(Duration needed) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
        java.time.ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(now.getZone());
        if (Duration.between(now, midnight).compareTo(needed) < 0) {
            // too close to midnight: until the next day has begun
            org.awaitility.Awaitility.await().atMost(needed.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> java.time.ZonedDateTime.now(now.getZone()).isAfter(midnight));
        }
    }

    /**
     * Waits until the results publisher has published every result queued so far (none pending in the outbox): what
     * a test means by "a wrongly repeated result would show by now", without a fixed sleep.
     */
    static void awaitResultsPublished(javax.sql.DataSource dataSource) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "0".equals(single(dataSource, "select count(*) from result_outbox where emitted_at is null")));
    }

    static void drop(Path workDir, String channel, String name, String content) throws IOException {
        Path inbox = workDir.resolve("inbox").resolve(channel);
        Files.createDirectories(inbox);
        Path staged = workDir.resolve(name + ".staged");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static void awaitDone(Path workDir, String channel, String name) {
        Path inbox = workDir.resolve("inbox").resolve(channel);
        Path done = inbox.resolve(".done");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(done) && list(done).stream()
                    .anyMatch(p -> p.getFileName().toString().endsWith("-" + name)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " never reached .done; the inbox holds " + list(inbox), e);
        }
    }

    /**
     * Intake only registers calls; the dispatchers send them. Waits until no eSMS call is left to send: every one is
     * past QUEUED, or dead-lettered.
     */
    static void awaitSent(DataSource dataSource) throws SQLException {
        String waiting = "select count(*) from call_request where status = 'QUEUED' and dead_lettered_at is null and channel like 'esms-%'";
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> "0".equals(single(dataSource, waiting)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(single(dataSource, waiting) + " eSMS calls were never sent", e);
        }
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of every daily results file. */
    static List<JsonNode> results(Path workDir) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        Path outbox = workDir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return lines;
        }
        for (Path file : list(outbox)) {
            if (file.getFileName().toString().matches("results-\\d{4}-\\d{2}-\\d{2}\\.jsonl")) {
                // a line without its newline is still being appended by the application (a batch is one write, which
                // a reader may see part of): it is read the next time
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String complete = text.substring(0, text.lastIndexOf('\n') + 1);
                for (String line : complete.split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
        }
        return lines;
    }

    static List<JsonNode> resultsFor(Path workDir, String requestId) throws IOException {
        return results(workDir).stream().filter(r -> r.get("requestId").asText().equals(requestId)).toList();
    }

    static List<JsonNode> resultsForFile(Path workDir, String fileName) throws IOException {
        return results(workDir).stream().filter(r -> fileName.equals(r.path("source").path("file").asText())).toList();
    }

    static String single(DataSource dataSource, String sql, Object... args) throws SQLException {
        List<String> values = column(dataSource, sql, args);
        return values.isEmpty() ? null : values.get(0);
    }

    static List<String> column(DataSource dataSource, String sql, Object... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /**
     * The CLI connector's status file (~/.camel/&lt;pid&gt;-status.json) as it last wrote it whole since the given time: ""
     * while it is missing, older (an application started before in this JVM) or being rewritten (every second).
     */
    static String cliStatus(Path status, java.time.Instant since) {
        try {
            if (!Files.getLastModifiedTime(status).toInstant().isAfter(since)) {
                return "";
            }
            String text = Files.readString(status, StandardCharsets.UTF_8);
            JSON.readTree(text);
            return text;
        } catch (IOException e) {
            return "";
        }
    }
}
