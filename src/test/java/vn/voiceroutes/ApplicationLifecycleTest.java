package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.SimulatorSettings;

/**
 * The application as an operating system runs it: a JVM of its own, started with a large file waiting, stopped with
 * SIGTERM in the middle of it, killed with kill -9 and started again on the same work folder. The provider
 * simulator runs in this JVM, so its count of calls survives the application's restarts.
 */
class ApplicationLifecycleTest {

    private static final int ROWS = 600;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path workDir;

    @Test
    void upWhileALargeFileIsReadCleanOnSigtermAndRestartedAfterKillNine() throws Exception {
        SimulatorSettings simulatorSettings = new SimulatorSettings();
        simulatorSettings.set("api-key", RunningApp.API_KEY);
        simulatorSettings.set("secret-key", RunningApp.SECRET_KEY);
        simulatorSettings.set("callback-delay-ms", "300");
        // a callback is sent again 5 times, 5 s apart: a restart (5 to 15 s on a busy machine) loses none. A call the
        // killed run had sent without recording eSMS's answer is sent again and answered 124 with no SMSID to poll:
        // only its callback, which went to the killed run, can finish it
        simulatorSettings.set("callback-retry-delay-ms", "5000");
        try (ProviderSimulator simulator = new ProviderSimulator(simulatorSettings, "127.0.0.1", RunningApp.freePort())) {
            simulator.start();
            Path inbox = workDir.resolve("inbox/esms-record");
            Files.createDirectories(inbox);
            // requestIds of their own, so a run across midnight cannot turn them into another day's calls
            StringBuilder rows = new StringBuilder("phone,name,requestId\n");
            for (int i = 0; i < ROWS; i++) {
                rows.append(String.format("0914%06d,Khách %d,lifecycle-%d%n", i, i, i));
            }
            Files.writeString(inbox.resolve("big.csv"), rows, StandardCharsets.UTF_8);
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            int httpPort = RunningApp.freePort();
            settings.put("voice.work-dir", workDir.toString());
            settings.put("voice.log.dir", workDir.resolve("logs").toString());
            settings.put("camel.server.port", Integer.toString(httpPort));
            settings.put("voice.public-url", "http://localhost:" + httpPort);
            int managementPort = RunningApp.freePort();
            settings.put("camel.management.port", Integer.toString(managementPort));
            settings.put("voice.management.cli-connector", "false");
            settings.put("voice.broker.port", Integer.toString(RunningApp.freePort()));
            settings.put("voice.simulator.enabled", "false");
            settings.put("esms.voice-url", simulator.baseUrl());
            settings.put("esms.rest-url", simulator.baseUrl());
            settings.put("esms.api-key", RunningApp.API_KEY);
            settings.put("esms.secret-key", RunningApp.SECRET_KEY);
            settings.put("campaign.weekday-reminders.enabled", "false");
            settings.put("voice.poll.after-ms", "2000");
            // the killed run's read lock on big.csv is taken over after 3 s
            settings.put("voice.inbox.lock-keep-alive-ms", "1000");
            settings.put("voice.inbox.lock-max-age-ms", "3000");
            settings.put("voice.poll.period-ms", "500");
            settings.put("camel.main.shutdown-timeout", Long.toString(SHUTDOWN_TIMEOUT.toSeconds()));
            // the first run registers the rows one at a time (seconds for the file), so the SIGTERM comes mid-file
            settings.put("voice.intake.chunk-rows", "1");

            // 1. Started with 600 rows waiting: UP long before the file is read; SIGTERM mid-file: a clean stop.
            Path firstLog = workDir.resolve("first.out");
            Instant started = Instant.now();
            Process first = start(settings, firstLog);
            // a fresh work folder: the embedded PostgreSQL is unpacked and initialised first (slow on a busy machine;
            // how fast it starts is benchmarks/startup.sh's to say, not a test's)
            awaitUp(managementPort, first, Duration.ofSeconds(60), firstLog);
            Duration upAfter = Duration.between(started, Instant.now());
            // as soon as calls go out, while the file is still being registered
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> simulator.stats().get("callsPlaced") >= 1);
            assertThat(inbox.resolve("big.csv")).exists();
            Instant term = Instant.now();
            first.destroy(); // SIGTERM
            boolean stopped = first.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(stopped).as(() -> "stopped within the shutdown timeout; last output:\n" + tail(firstLog)).isTrue();
            Duration stoppedIn = Duration.between(term, Instant.now());
            String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
            assertThat(firstOutput).contains("big.csv: stopped by the shutdown; it stays in the inbox");
            // the lines themselves, with what led to them: the whole log is too long for a CI report to show
            assertThat(around(firstOutput, " ERROR ", "Exception", "57P01")).as("errors logged by a clean stop").isEmpty();
            assertThat(inbox.resolve("big.csv")).exists();
            assertThat(postgresOf(workDir)).as("embedded PostgreSQL still running after the stop").isEmpty();

            // the later runs register in chunks and call as fast as the simulator answers, to keep them short
            settings.remove("voice.intake.chunk-rows");
            settings.put("esms.requests-per-second", "1000");
            settings.put("esms.max-in-flight", "16");
            // a call the killed run had sent without recording eSMS's answer is answered 124 with no SMSID when sent
            // again: if its callback (resent by eSMS to the killed run's address) does not reach the next run in time,
            // only expiry finishes it; 15 s here instead of 2 days
            settings.put("voice.poll.expire-after-ms", "15000");

            // 2. Started again, then killed with kill -9: its embedded PostgreSQL is orphaned.
            Path secondLog = workDir.resolve("second.out");
            Process second = start(settings, secondLog);
            awaitUp(managementPort, second, Duration.ofSeconds(60), secondLog);
            long before = simulator.stats().get("callsPlaced");
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.stats().get("callsPlaced") >= before + 20);
            second.destroyForcibly(); // SIGKILL
            second.waitFor(10, TimeUnit.SECONDS);
            assertThat(postgresOf(workDir)).as("the killed JVM's PostgreSQL").isNotEmpty();

            // 3. Started after the kill: the orphan is stopped, the file finishes, every row called once.
            settings.put("voice.results.poll-ms", "200");
            Path thirdLog = workDir.resolve("third.out");
            Process third = start(settings, thirdLog);
            try {
                awaitUp(managementPort, third, Duration.ofSeconds(60), thirdLog);
                assertThat(Files.readString(thirdLog, StandardCharsets.UTF_8)).contains("of a process that ended without stopping it; stopping it");
                Instant third0 = Instant.now();
                await().atMost(Duration.ofSeconds(90)).alias("every row's result")
                        .until(() -> resultIds(workDir).size(), count -> count == ROWS);
                System.out.printf("ApplicationLifecycleTest: after the restart, every result in %d ms%n", Duration.between(third0, Instant.now()).toMillis());
                assertThat(Files.exists(inbox.resolve(".done")) && Fixtures.list(inbox.resolve(".done")).size() == 1).isTrue();
                Map<String, Long> stats = simulator.stats();
                assertThat(stats.get("phonesCalled")).isEqualTo(ROWS);
                assertThat(stats.get("phonesCalledTwice")).isZero();
                assertThat(results(workDir)).hasSize(ROWS);
            } finally {
                third.destroy();
                third.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            }
            System.out.printf("ApplicationLifecycleTest: UP after %d ms with %d rows waiting; SIGTERM mid-file stopped in %d ms%n",
                    upAfter.toMillis(), ROWS, stoppedIn.toMillis());
        }
    }

    /** Every application this test started: a failed assertion must not leave one running (with its PostgreSQL). */
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopWhatIsLeft() throws IOException {
        for (Process process : STARTED) {
            process.destroyForcibly();
        }
        STARTED.clear();
        if (Files.isDirectory(workDir.resolve("data/postgres"))) {
            for (long pid : postgresOf(workDir)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    static Process start(Map<String, String> settings, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // as the test JVMs (see the pom): a short-lived JVM on a busy machine starts faster without C2
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        // without empty entries: an empty entry is the working directory, whose routes/ would be loaded a second time
        command.add(java.util.Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(java.io.File.pathSeparator)).filter(entry -> !entry.isBlank())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.add(VoiceRoutesApplication.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        STARTED.add(process);
        return process;
    }

    /** Until readiness on the management port (loopback) is UP. */
    static void awaitUp(int managementPort, Process process, Duration within, Path output) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        String[] last = {"no answer"};
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the application ended");
                }
                try {
                    HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    last[0] = health.statusCode() + " " + health.body();
                    return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException | AssertionError e) {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            throw new AssertionError("Not UP within " + within + "; health: " + last[0] + "\nlast output:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
        }
    }

    /** Each line holding one of the words, with the three lines before it; empty when none does. */
    static List<String> around(String output, String... words) {
        List<String> lines = output.lines().toList();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i;
            if (java.util.Arrays.stream(words).anyMatch(word -> lines.get(line).contains(word))) {
                found.add(String.join("\n", lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 8))));
            }
        }
        return found;
    }

    static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Live PostgreSQL servers whose data directory is this work folder's (read from /proc). */
    static List<Long> postgresOf(Path work) throws IOException {
        Path data = work.resolve("data/postgres").toRealPath();
        List<Long> found = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String program = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0")[0];
                    // the postmaster only: its children rename themselves ("postgres: checkpointer")
                    if ((program.endsWith("/postgres") || program.equals("postgres")) && proc.resolve("cwd").toRealPath().equals(data)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended meanwhile, or one we may not look into
                }
            }
        }
        return found;
    }

    static List<JsonNode> results(Path work) throws IOException {
        return Fixtures.results(work);
    }

    static Set<String> resultIds(Path work) throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode result : Fixtures.results(work)) {
            ids.add(result.get("requestId").asText());
        }
        return ids;
    }
}
