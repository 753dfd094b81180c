package vn.voiceroutes.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import vn.voiceroutes.simulator.ProviderSimulator.CallbackAttempt;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * What the providers' stand-ins share: the settings, the record of what was received and of every callback attempt,
 * the calls placed per phone, the timers that send callbacks, and the HTTP plumbing of the JDK server.
 */
final class SimulatorSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    /** How often a callback or webhook that did not get HTTP 200 is sent again, as eSMS documents it. */
    static final int CALLBACK_RESENDS = 5;

    /** The most recent requests and callback attempts (bounded, so a long demo or a benchmark cannot fill the heap). */
    static final int KEPT = 100_000;

    private final SimulatorSettings settings;
    private final Deque<Received> received = new ArrayDeque<>();
    private final Deque<CallbackAttempt> callbackAttempts = new ArrayDeque<>();
    /** Calls placed per phone (eSMS and VBot; a request answered 124 places none): what a benchmark counts. */
    private final Map<String, AtomicInteger> placedByPhone = new ConcurrentHashMap<>();
    private ScheduledExecutorService callbacks;
    private HttpClient client;

    SimulatorSupport(SimulatorSettings settings) {
        this.settings = settings;
    }

    void start() {
        callbacks = Executors.newScheduledThreadPool(4, daemon("simulator-callback"));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    void close() {
        if (callbacks != null) {
            callbacks.shutdownNow();
        }
    }

    SimulatorSettings settings() {
        return settings;
    }

    ScheduledExecutorService callbacks() {
        return callbacks;
    }

    HttpClient client() {
        return client;
    }

    void record(String operation, String rawQuery, Map<String, String> params, int status, String code) {
        keep(received, new Received(Instant.now(), operation, rawQuery, Collections.unmodifiableMap(params), status, code));
    }

    void attempted(CallbackAttempt attempt) {
        keep(callbackAttempts, attempt);
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<CallbackAttempt> callbackAttempts() {
        synchronized (callbackAttempts) {
            return List.copyOf(callbackAttempts);
        }
    }

    void countPlaced(String phone) {
        placedByPhone.computeIfAbsent(phone, p -> new AtomicInteger()).incrementAndGet();
    }

    long callsPlaced() {
        return placedByPhone.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    long phonesCalled() {
        return placedByPhone.size();
    }

    long phonesCalledTwice() {
        return placedByPhone.values().stream().filter(n -> n.get() > 1).count();
    }

    void reset() {
        synchronized (received) {
            received.clear();
        }
        synchronized (callbackAttempts) {
            callbackAttempts.clear();
        }
        placedByPhone.clear();
    }

    private static <T> void keep(Deque<T> kept, T item) {
        synchronized (kept) {
            kept.addLast(item);
            if (kept.size() > KEPT) {
                kept.removeFirst();
            }
        }
    }

    /** A query string or form body, names case-insensitive (as eSMS's and IIS's are). */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            params.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    static void respond(HttpExchange http, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
