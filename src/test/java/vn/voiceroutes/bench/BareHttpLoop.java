package vn.voiceroutes.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import vn.voiceroutes.esms.EsmsVoice;

/**
 * The baseline of eSMS dispatch on this machine: a bare JDK HttpClient loop placing REQUESTS calls from a recording on
 * the simulator, CONCURRENCY at a time, with nothing else (no file, no ledger, no callback handling), for
 * benchmarks/throughput.sh to set the application's figures beside. Prints the requests per second.
 * With "callbacks", each request carries a CallbackUrl of a bare Vert.x endpoint in this process that only counts
 * them: the same loop while the machine also takes the simulator's callbacks, as the application must (still no
 * file, no ledger); prints the rate to every call accepted and to every callback received.
 * Usage: java ... BareHttpLoop BASE_URL REQUESTS CONCURRENCY [callbacks]
 */
public final class BareHttpLoop {

    private BareHttpLoop() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int requests = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        boolean callbacks = args.length > 3 && args[3].equals("callbacks");
        AtomicInteger received = new AtomicInteger();
        String callbackQuery = "";
        if (callbacks) {
            HttpServer endpoint = Vertx.vertx().createHttpServer().requestHandler(request -> {
                received.incrementAndGet();
                request.response().end("OK");
            });
            int port = endpoint.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
            callbackQuery = "&" + EsmsVoice.CALLBACK_URL + "=" + URLEncoder.encode("http://127.0.0.1:" + port + "/cb", StandardCharsets.UTF_8);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        // warm-up, as the application's own JIT is warm by the time a file comes
        run(client, base, 2000, concurrency, new AtomicInteger(), new AtomicInteger(), callbacks ? "cb-warm" : "warm", callbacks ? 45_000_000 : 60_000_000, callbackQuery);
        while (callbacks && received.get() < 2000) {
            Thread.sleep(10);
        }
        received.set(0);
        long start = System.nanoTime();
        run(client, base, requests, concurrency, next, accepted, callbacks ? "cb-bare" : "bare", callbacks ? 40_000_000 : 50_000_000, callbackQuery);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!callbacks) {
            System.out.printf("bare JDK HttpClient loop, concurrency %d: %d requests (%d accepted) in %.1f s = %.0f requests/s%n",
                    concurrency, requests, accepted.get(), seconds, requests / seconds);
            return;
        }
        for (long deadline = System.nanoTime() + 120_000_000_000L; received.get() < accepted.get() && System.nanoTime() < deadline;) {
            Thread.sleep(5);
        }
        double all = (System.nanoTime() - start) / 1e9;
        System.out.printf("bare loop taking callbacks at a bare endpoint: %d accepted in %.1f s = %.0f requests/s, "
                + "%d callbacks received in %.1f s = %.0f/s%n", accepted.get(), seconds, requests / seconds, received.get(), all,
                received.get() / all);
        System.exit(0);
    }

    private static void run(HttpClient client, String base, int requests, int concurrency, AtomicInteger next,
            AtomicInteger accepted, String prefix, int firstPhone, String callbackQuery) throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            workers.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String query = EsmsVoice.API_KEY + "=sim-api-key&" + EsmsVoice.SECRET_KEY + "=sim-secret-key&"
                            + EsmsVoice.TEMPLATE_ID + "=sim-recording-1&" + EsmsVoice.PHONE + "=09" + String.format("%08d", firstPhone + i)
                            + "&" + EsmsVoice.REQUEST_ID + "=" + prefix + "-" + i + callbackQuery;
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + EsmsVoice.SERVICE_PATH + EsmsVoice.MAKE_CALL_RECORD + "?" + query))
                            .GET().build();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.body().contains("\"100\"")) {
                            accepted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.HOURS);
    }
}
