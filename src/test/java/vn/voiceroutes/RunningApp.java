package vn.voiceroutes;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import vn.voiceroutes.ledger.LedgerDatabase;
import vn.voiceroutes.simulator.ProviderSimulator;

/**
 * The application started the way users start it (camel-main, the shipped routes and configuration), with only
 * ports, work folder and speed-ups overridden, so tests drive the real thing over loopback.
 */
public final class RunningApp implements AutoCloseable {

    public static final String API_KEY = "test-api-key-Zq81xw";
    public static final String SECRET_KEY = "test-secret-key-Pv07kd";
    public static final String ADMIN_TOKEN = "test-admin-token-Hy52-7c1e9f04b6a2d8e3";

    private final Main main;
    private final Map<String, String> settings;
    private jakarta.jms.Connection jms;

    private RunningApp(Main main, Map<String, String> settings, long logStart) {
        this.main = main;
        this.settings = settings;
        this.logStart = logStart;
    }

    /** Where this test JVM's application log is: a folder per fork (pom.xml's voice.log.dir), none shared with another. */
    public static Path logFile() {
        return Path.of(System.getProperty("voice.log.dir", "logs"), "voice-routes.log");
    }

    /** How long the log was when this app began to start: what it logs comes after. */
    private final long logStart;

    /** What was logged in this test JVM since this app began to start (its lines, and any other app's of this JVM then). */
    public String log() throws java.io.IOException {
        return logSince(logStart);
    }

    /** How long this test JVM's log is now: a mark for {@link #logSince}. */
    public static long logLength() throws java.io.IOException {
        return java.nio.file.Files.exists(logFile()) ? java.nio.file.Files.size(logFile()) : 0;
    }

    public static String logSince(long mark) throws java.io.IOException {
        byte[] logged = java.nio.file.Files.exists(logFile()) ? java.nio.file.Files.readAllBytes(logFile()) : new byte[0];
        int from = mark > logged.length ? 0 : (int) mark; // a log rolled over since: all of the new one
        return new String(logged, from, logged.length - from, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Settings every test app gets: fresh ports, quick retries and callbacks, the test credentials. */
    public static Map<String, String> defaults(Path workDir) {
        int httpPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("voice.work-dir", workDir.toString());
        settings.put("camel.server.port", Integer.toString(httpPort));
        settings.put("voice.public-url", "http://localhost:" + httpPort);
        settings.put("camel.management.port", Integer.toString(freePort()));
        settings.put("voice.broker.port", Integer.toString(freePort()));
        settings.put("voice.simulator.port", Integer.toString(freePort()));
        settings.put("voice.simulator.callback-delay-ms", "200");
        settings.put("voice.simulator.callback-retry-delay-ms", "300");
        settings.put("voice.simulator.api-key", API_KEY);
        settings.put("voice.simulator.secret-key", SECRET_KEY);
        settings.put("esms.api-key", API_KEY);
        settings.put("esms.secret-key", SECRET_KEY);
        settings.put("voice.retry.delay-ms", "50");
        settings.put("esms.dispatch.idle-ms", "100");
        settings.put("voice.results.poll-ms", "100");
        settings.put("voice.reports.poll-ms", "200");
        settings.put("voice.broker.redelivery-delay-ms", "300");
        // a queue consumer notices the stop within its receive timeout (1 s by default): 60 stops a run
        settings.put("camel.component.jms.receive-timeout", "100");
        // files are moved into inboxes in one step: they need no time to settle
        settings.put("voice.inbox.poll-ms", "100");
        settings.put("voice.inbox.read-lock-min-age-ms", "100");
        settings.put("voice.inbox.read-lock-check-ms", "50");
        // a restarted node's own unfinished file, or a dead node's, is read again after 1.5 s
        settings.put("voice.inbox.lock-keep-alive-ms", "300");
        settings.put("voice.inbox.lock-max-age-ms", "1500");
        // a database of its own in the test JVM's one PostgreSQL (remove both to run the embedded one)
        settings.put("voice.db.url", TestDatabases.newDatabaseUrl());
        settings.put("voice.db.username", "postgres");
        settings.put("voice.admin-token", ADMIN_TOKEN);
        // The shipped recurring campaign would fire at 09:00 on weekdays in the middle of a test: on where tested.
        settings.put("campaign.weekday-reminders.enabled", "false");
        settings.put("camel.main.shutdown-timeout", "5");
        // the flow tests call their phones again and again: Decree 91's cap is ComplianceTest's and TwoNodesTest's
        settings.put("voice.compliance.max-advertising-calls-per-24h", "1000");
        // tests run the route files as they are; watching them for edits is the reload test's business
        settings.put("voice.routes-reload", "false");
        // Camel's CLI connector writes one status file per process (~/.camel/<pid>-status.json): apps started side by
        // side in a test JVM would share it. On where tested (ManagementPortTest).
        settings.put("voice.management.cli-connector", "false");
        return settings;
    }

    public static RunningApp start(Map<String, String> settings) throws Exception {
        return start(settings, 3);
    }

    /** One start, no second try on new ports: a test of what a taken port does. */
    public static RunningApp startOnce(Map<String, String> settings) throws Exception {
        return start(settings, 1);
    }

    private static RunningApp start(Map<String, String> settings, int attempts) throws Exception {
        long logStart = logLength();
        for (int attempt = 1; ; attempt++) {
            // voice.home: another project folder (its own routes/ and config/) than the one the tests run in
            Main main = settings.containsKey("voice.home")
                    ? VoiceRoutesApplication.create(vn.voiceroutes.config.ProjectFolders.under(Path.of(settings.get("voice.home"))))
                    : VoiceRoutesApplication.create();
            settings.forEach(main::addOverrideProperty);
            try {
                main.start();
                // (a port another process holds refuses the start: ServersListening, the broker's own check)
                return new RunningApp(main, settings, logStart);
            } catch (Exception e) {
                // a free port found here can be taken by another test JVM before the application binds it: new ports
                if (attempt == attempts || !portTaken(e)) {
                    throw e;
                }
                main.stop();
                main.shutdown();
                newPorts(settings);
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Fresh ports for those the defaults chose (a test that set its own keeps them). */
    private static void newPorts(Map<String, String> settings) {
        for (String key : java.util.List.of("voice.broker.port", "voice.simulator.port", "camel.management.port")) {
            settings.computeIfPresent(key, (k, v) -> Integer.toString(freePort()));
        }
        if (settings.containsKey("camel.server.port") && settings.get("voice.public-url") != null
                && settings.get("voice.public-url").endsWith(":" + settings.get("camel.server.port"))) {
            int httpPort = freePort();
            settings.put("camel.server.port", Integer.toString(httpPort));
            settings.put("voice.public-url", "http://localhost:" + httpPort);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String setting(String key) {
        return settings.get(key);
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public ProviderSimulator simulator() {
        return bean("providerSimulator", ProviderSimulator.class);
    }

    public LedgerDatabase ledger() {
        return bean("ledger", LedgerDatabase.class);
    }

    public DataSource dataSource() {
        return bean("ledgerDataSource", DataSource.class);
    }

    public Path workDir() {
        return Path.of(settings.get("voice.work-dir"));
    }

    public String baseUrl() {
        return "http://localhost:" + settings.get("camel.server.port");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET on the management port (health, metrics, Jolokia), on loopback. */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return management(path, null);
    }

    /** A GET on the management port with an Accept header, as a scraper or probe sends it (null: none). */
    public HttpResponse<String> management(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + settings.get("camel.management.port") + path)).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    /** One check of readiness on the management port, as it reports it (name, status, message, details). */
    public com.fasterxml.jackson.databind.JsonNode readinessCheck(String name) throws IOException, InterruptedException {
        for (com.fasterxml.jackson.databind.JsonNode check : Fixtures.JSON.readTree(management("/observe/health/ready").body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no readiness check " + name + ": " + management("/observe/health/ready").body());
    }

    /** Whether readiness reports this provider account's dispatch paused (it stays UP either way). */
    public boolean pausedOnReadiness(String accountCheck) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.JsonNode check = readinessCheck(accountCheck);
        if (!"UP".equals(check.path("status").asText())) {
            throw new AssertionError("a provider account's check is never DOWN: " + check);
        }
        return check.path("message").asText("").startsWith("dispatch paused");
    }

    /** A GET as an operator: with the admin token. */
    public HttpResponse<String> getAsOperator(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An empty POST as an operator: with the admin token. */
    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A DELETE as an operator: with the admin token. */
    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A webhook as VBot posts it: JSON to the callback URL with this run's token, and an Authorization header if given. */
    public HttpResponse<String> postVbotWebhook(String json, String authorization) throws IOException, InterruptedException {
        String token = java.nio.file.Files.readString(workDir().resolve("data/vbot-webhook-token")).trim();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/callbacks/vbot/" + token))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A JMS connection over the broker's loopback TCP port, as another process would connect; started, and closed
     * with the application.
     */
    public synchronized jakarta.jms.Connection jms() throws jakarta.jms.JMSException {
        if (jms == null) {
            jms = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                    "tcp://127.0.0.1:" + settings.get("voice.broker.port")).createConnection(brokerUser(), brokerPassword());
            jms.start();
        }
        return jms;
    }

    /** The embedded broker's user, as another process logs in. */
    public String brokerUser() {
        return vn.voiceroutes.config.EmbeddedBroker.DEFAULT_USER;
    }

    /** The password the embedded broker generated into the work folder (or the configured one). */
    public String brokerPassword() {
        try {
            return settings.containsKey("voice.broker.password") ? settings.get("voice.broker.password")
                    : vn.voiceroutes.tools.SendToQueue.embeddedPassword(workDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (jms != null) {
            jms.close();
        }
        main.stop();
        main.shutdown();
    }

    /** Ports handed out in this JVM: the kernel gives a port just closed to the next bind(0) as readily as any. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now and never handed out before in this JVM (two settings of one application once got the same
     * one: the simulator took it, and the business server could not listen). Another test JVM may still take it
     * before the application binds it: the start then fails and {@link #start} tries new ports.
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
