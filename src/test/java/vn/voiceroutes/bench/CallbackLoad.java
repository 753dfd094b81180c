package vn.voiceroutes.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;

/**
 * eSMS callbacks as eSMS sends them (GET with the report in the query), for benchmarks/callbacks.sh:
 * - {@code max URL PREFIX COUNT CONCURRENCY}: COUNT callbacks, CONCURRENCY at a time, for calls PREFIX-0..COUNT-1;
 *   prints the callbacks acknowledged (HTTP 200) per second.
 * - {@code rate URL PREFIX COUNT PER_SECOND}: COUNT callbacks offered at PER_SECOND whatever the answers' pace; prints
 *   p50, p99 and the most of the answer times.
 * - {@code bare PORT}: a bare Vert.x HTTP endpoint answering every request 200 "OK", the floor to compare with.
 * URL is the callback URL up to its token (http://host:port/callbacks/esms/TOKEN).
 */
public final class CallbackLoad {

    private CallbackLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("bare")) {
            Vertx vertx = Vertx.vertx();
            vertx.createHttpServer().requestHandler(request -> request.response().end("OK"))
                    .listen(Integer.parseInt(args[1]), "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            System.out.println("bare Vert.x endpoint on " + args[1]);
            Thread.currentThread().join();
            return;
        }
        String url = args[1];
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        if (args[0].equals("max")) {
            int concurrency = Integer.parseInt(args[4]);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            for (int t = 0; t < concurrency; t++) {
                workers.execute(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            if (client.send(request(url, prefix, i), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                                acknowledged.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // not acknowledged
                        }
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.HOURS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d callbacks, %d at a time: %d acknowledged in %.1f s = %.0f/s%n", count, concurrency,
                    acknowledged.get(), seconds, acknowledged.get() / seconds);
            return;
        }
        int perSecond = Integer.parseInt(args[4]);
        long[] micros = new long[count];
        AtomicLong failed = new AtomicLong();
        CompletableFuture<?>[] sent = new CompletableFuture<?>[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            long sentAt = System.nanoTime();
            sent[i] = client.sendAsync(request(url, prefix, i), HttpResponse.BodyHandlers.discarding()).handle((response, fault) -> {
                micros[n] = (System.nanoTime() - sentAt) / 1000;
                if (fault != null || response.statusCode() != 200) {
                    failed.incrementAndGet();
                }
                return null;
            });
        }
        CompletableFuture.allOf(sent).join();
        Arrays.sort(micros);
        System.out.printf("%d callbacks offered at %d/s: p50 %.1f ms, p99 %.1f ms, most %.1f ms, %d not acknowledged%n", count, perSecond,
                micros[count / 2] / 1000.0, micros[(int) (count * 0.99)] / 1000.0, micros[count - 1] / 1000.0, failed.get());
    }

    private static HttpRequest request(String url, String prefix, int i) {
        String query = "rid=" + prefix + "-" + i + "&ReferenceId=ref-" + prefix + "-" + i
                + "&CallStatus=ANSWERED&CallDuration=12&Price=750&SentResult=1&SendStatus=5&Ivr=&CID=02871002454";
        return HttpRequest.newBuilder(URI.create(url + "?" + query)).timeout(Duration.ofSeconds(30)).GET().build();
    }
}
