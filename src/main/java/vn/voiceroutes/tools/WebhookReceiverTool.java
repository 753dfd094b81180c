package vn.voiceroutes.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import vn.voiceroutes.webhook.WebhookSignatures;

/**
 * A webhook receiver as a customer would run one, for trying webhooks out and for benchmarks/webhooks.sh: on
 * 127.0.0.1:&lt;port&gt;, every POST's Voice-Signature is checked with the secret in VOICE_WEBHOOK_SECRET (a v1 over
 * "t.body"), events are counted by id (a resend of an id with another body is counted as a conflict), and it answers
 * 200 after the delay set, or the status set. GET /_receiver/stats gives the counts as JSON; POST
 * /_receiver/set?status=503&amp;delay-ms=5000 changes the answer (status 0: close the connection unanswered).
 * Usage: java -cp voice-routes.jar vn.voiceroutes.tools.WebhookReceiverTool PORT
 */
public final class WebhookReceiverTool {

    private final byte[] secret;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byType = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered2xx = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong mostInFlight = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private volatile int status = 200;
    private volatile long delayMs;

    private WebhookReceiverTool(byte[] secret) {
        this.secret = secret;
    }

    public static void main(String[] args) throws IOException {
        String secret = System.getenv("VOICE_WEBHOOK_SECRET");
        if (args.length != 1 || secret == null || secret.isBlank()) {
            System.err.println("usage: VOICE_WEBHOOK_SECRET=... java -cp voice-routes.jar " + WebhookReceiverTool.class.getName() + " PORT");
            System.exit(2);
        }
        WebhookReceiverTool receiver = new WebhookReceiverTool(secret.getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/_receiver/stats", receiver::stats);
        server.createContext("/_receiver/set", receiver::set);
        server.createContext("/", receiver::event);
        server.start();
        System.out.println("webhook receiver on 127.0.0.1:" + args[0]);
    }

    private void event(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        long now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            requests.incrementAndGet();
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            int answer = status;
            if (answer == 0) {
                exchange.close();
                return;
            }
            if (answer >= 200 && answer < 300) {
                String body = new String(raw, StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("Voice-Event-Id");
                if (!verified(body, exchange.getRequestHeaders().getFirst(WebhookSignatures.HEADER))) {
                    unverified.incrementAndGet();
                }
                String before = id == null ? null : bodies.putIfAbsent(id, body);
                if (before == null) {
                    byType.computeIfAbsent(String.valueOf(exchange.getRequestHeaders().getFirst("Voice-Event-Type")), k -> new AtomicInteger())
                            .incrementAndGet();
                } else if (before.equals(body)) {
                    resends.incrementAndGet();
                } else {
                    conflicts.incrementAndGet();
                }
                answered2xx.incrementAndGet();
                long at = System.currentTimeMillis();
                firstAt.compareAndSet(0, at);
                lastAt.set(at);
            }
            byte[] reply = (answer < 300 ? "ok" : "not now").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean verified(String body, String header) {
        if (header == null) {
            return false;
        }
        String t = null;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (t == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        String expected = WebhookSignatures.hmac(secret, t + "." + body);
        return signatures.stream().anyMatch(v1 -> java.security.MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII)));
    }

    private void stats(HttpExchange exchange) throws IOException {
        StringBuilder types = new StringBuilder();
        byType.forEach((type, count) -> types.append(types.length() == 0 ? "" : ",").append('"').append(type).append("\":").append(count.get()));
        String json = "{\"requests\":" + requests.get() + ",\"delivered\":" + answered2xx.get() + ",\"distinct\":" + bodies.size()
                + ",\"resends\":" + resends.get() + ",\"conflicts\":" + conflicts.get() + ",\"unverified\":" + unverified.get()
                + ",\"mostInFlight\":" + mostInFlight.get() + ",\"firstAt\":" + firstAt.get() + ",\"lastAt\":" + lastAt.get()
                + ",\"byType\":{" + types + "}}";
        byte[] reply = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    private void set(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals("status")) {
                status = Integer.parseInt(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("delay-ms")) {
                delayMs = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("reset") && kv[1].equals("true")) {
                bodies.clear();
                byType.clear();
                for (AtomicLong counter : new AtomicLong[] {requests, answered2xx, unverified, conflicts, resends, mostInFlight, firstAt, lastAt}) {
                    counter.set(0);
                }
            }
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }
}
