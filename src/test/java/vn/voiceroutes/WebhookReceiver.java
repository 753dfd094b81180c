package vn.voiceroutes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A customer's webhook receiver on loopback, as its own system would run it: a real HTTP server that keeps every
 * request (headers, raw body, query) and answers what its policy says for the n-th request (from 1), optionally after
 * a delay. Stopped and started again on the same port to play a receiver that is down.
 */
final class WebhookReceiver implements AutoCloseable {

    record Request(int n, String path, String query, Map<String, String> headers, String body, int answered, long at) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String eventId() {
            return header("Voice-Event-Id");
        }

        String type() {
            return header("Voice-Event-Type");
        }
    }

    private final int port;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile java.util.function.BiFunction<Integer, String, Integer> answer = (n, body) -> 200;
    private volatile Duration delay = Duration.ZERO;
    private java.util.concurrent.ScheduledExecutorService later;
    private HttpServer server;

    WebhookReceiver(int port) {
        this.port = port;
    }

    static WebhookReceiver start() throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(RunningApp.freePort());
        receiver.up();
        return receiver;
    }

    synchronized void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        // a slow receiver answers later from here, its request left open meanwhile (no thread held asleep)
        java.util.concurrent.ScheduledExecutorService answering = java.util.concurrent.Executors.newScheduledThreadPool(4);
        later = answering;
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = count.incrementAndGet();
            Runnable respond = () -> {
                try {
                    int status = answer.apply(n, new String(body, StandardCharsets.UTF_8));
                    Map<String, String> headers = new TreeMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
                    synchronized (requests) {
                        requests.add(new Request(n, exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), headers,
                                new String(body, StandardCharsets.UTF_8), status, System.currentTimeMillis()));
                    }
                    byte[] reply = (status < 300 ? "ok" : "{\"error\":\"receiver says " + status + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, reply.length);
                    exchange.getResponseBody().write(reply);
                } catch (IOException e) {
                    // the client gave up waiting: nothing to answer
                } finally {
                    exchange.close();
                }
            };
            Duration wait = delay;
            if (wait.isZero()) {
                respond.run();
            } else {
                answering.schedule(respond, wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        });
        server.start();
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            later.shutdownNow();
            server = null;
        }
    }

    void answer(IntUnaryOperator policy) {
        this.answer = (n, body) -> policy.applyAsInt(n);
    }

    /** The answer by what the request says. */
    void answerByBody(java.util.function.ToIntFunction<String> policy) {
        this.answer = (n, body) -> policy.applyAsInt(body);
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    int port() {
        return port;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests answered 2xx. */
    List<Request> delivered() {
        return requests().stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    /**
     * Whether the request's Voice-Signature holds a v1 that this secret made over "t.body", as a receiver checks it:
     * HMAC-SHA256, hex, compared in constant time.
     */
    static boolean signedWith(Request request, String secret) {
        String header = request.header("Voice-Signature");
        if (header == null) {
            return false;
        }
        String t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (t == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures) {
                if (java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        down();
    }
}
