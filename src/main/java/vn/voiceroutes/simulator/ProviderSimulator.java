package vn.voiceroutes.simulator;

import static vn.voiceroutes.simulator.SimulatorSupport.JSON;
import static vn.voiceroutes.simulator.SimulatorSupport.daemon;
import static vn.voiceroutes.simulator.SimulatorSupport.parseQuery;
import static vn.voiceroutes.simulator.SimulatorSupport.respond;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for eSMS's voice API and VBot on a loopback port, speaking their documented contracts (EsmsStandIn,
 * VbotStandIn): the call endpoints with their answers and codes, the status lists, and the callbacks and webhooks
 * resent until they get HTTP 200. Faults and outcomes are set through {@link SimulatorSettings} (configuration,
 * tests, or POST /_sim/config); GET /_sim/stats counts the calls placed. It reads requests with the names the
 * providers' documents give, never with the client's constants, so a name the client misspells fails against it.
 */
public class ProviderSimulator implements AutoCloseable {

    /** A request the simulator received, as the provider would see it on the wire. */
    public record Received(Instant at, String operation, String rawQuery, Map<String, String> params, int httpStatus, String code) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** One attempt to deliver a callback. */
    public record CallbackAttempt(Instant at, String url, int httpStatus) {
    }

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSimulator.class);

    private final SimulatorSettings settings;
    private final String host;
    private final int port;
    private final SimulatorSupport support;
    private final EsmsStandIn esms;
    private final VbotStandIn vbot;
    private HttpServer server;
    private ExecutorService handlers;

    public ProviderSimulator(SimulatorSettings settings, String host, int port) {
        this.settings = settings;
        this.host = host;
        this.port = port;
        this.support = new SimulatorSupport(settings);
        this.esms = new EsmsStandIn(support);
        this.vbot = new VbotStandIn(support);
    }

    /**
     * The simulator the embedded defaults run: voice.simulator.* (host, port, and every key of SimulatorSettings),
     * VBot's webhooks to the given URL unless voice.simulator.vbot-webhook-url says otherwise (what an operator sets
     * once in VBot's console).
     */
    public static ProviderSimulator configured(vn.voiceroutes.config.Settings settings, String vbotWebhookUrl) {
        SimulatorSettings simulatorSettings = new SimulatorSettings();
        simulatorSettings.set("vbot-webhook-url", vbotWebhookUrl);
        for (String key : SimulatorSettings.keys()) {
            settings.find("voice.simulator." + key).ifPresent(value -> simulatorSettings.set(key, value));
        }
        return new ProviderSimulator(simulatorSettings, settings.require("voice.simulator.host"),
                settings.integer("voice.simulator.port"));
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        handlers = Executors.newFixedThreadPool(16, daemon("simulator-http"));
        support.start();
        server.setExecutor(handlers);
        server.createContext(EsmsStandIn.SERVICE_PATH, esms::handle);
        server.createContext("/_sim/config", this::handleConfig);
        server.createContext("/_sim/stats", this::handleStats);
        server.createContext("/vbot/", vbot::handle);
        server.start();
        LOG.info("Provider simulator listening on http://{}:{}", host, server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public List<Received> received() {
        return support.received();
    }

    public List<Received> received(String operation) {
        return received().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    public List<CallbackAttempt> callbackAttempts() {
        return support.callbackAttempts();
    }

    public void reset() {
        support.reset();
        esms.reset();
    }

    /** The most eSMS requests it was answering at once since the last call (then counting again from now). */
    public int takeMostEsmsRequestsAtOnce() {
        return esms.takeMostEsmsRequestsAtOnce();
    }

    /** How many calls were placed, to how many phones, and how many phones were called more than once. */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("callsPlaced", support.callsPlaced());
        stats.put("phonesCalled", support.phonesCalled());
        stats.put("phonesCalledTwice", support.phonesCalledTwice());
        stats.put("mostEsmsRequestsAtOnce", (long) esms.mostRequestsAtOnce());
        return stats;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            handlers.shutdownNow();
            support.close();
            server = null;
        }
    }

    /** GET /_sim/stats, and with ?phonePrefix=0915 how many eSMS requests named a phone starting so (a benchmark's list). */
    private void handleStats(HttpExchange http) throws IOException {
        Map<String, Long> stats = stats();
        String prefix = parseQuery(http.getRequestURI().getRawQuery()).get("phonePrefix");
        if (prefix != null) {
            stats.put("requestsToPrefix", received().stream().filter(r -> r.operation().startsWith("Make") || r.operation().startsWith("Send"))
                    .filter(r -> String.valueOf(r.params().get("Phone")).startsWith(prefix)).count());
        }
        respond(http, 200, "application/json", JSON.writeValueAsString(stats));
    }

    private void handleConfig(HttpExchange http) throws IOException {
        if (!"POST".equals(http.getRequestMethod())) {
            respond(http, 405, "text/plain", "POST only");
            return;
        }
        try {
            parseQuery(http.getRequestURI().getRawQuery()).forEach(settings::set);
            respond(http, 200, "text/plain", "OK");
        } catch (IllegalArgumentException e) {
            respond(http, 400, "text/plain", e.getMessage());
        }
    }

    /**
     * Runs the simulator alone, as a second process (demos, benchmarks, a node pointed at it with esms.voice-url):
     * java -cp ... vn.voiceroutes.simulator.ProviderSimulator [port] [key=value ...]
     */
    public static void main(String[] args) throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            settings.set(pair[0], pair[1]);
        }
        ProviderSimulator simulator = new ProviderSimulator(settings, "127.0.0.1", port);
        simulator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
