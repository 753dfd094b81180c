package vn.voiceroutes.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of eSMS dispatch on this machine: a bare JDK HttpClient loop placing REQUESTS calls from a recording on
 * the simulator, CONCURRENCY at a time, with nothing else (no file, no ledger, no callback handling), for
 * benchmarks/throughput.sh to set the application's figures beside. Prints the requests per second.
 * Usage: java ... BareHttpLoop BASE_URL REQUESTS CONCURRENCY
 */
public final class BareHttpLoop {

    private BareHttpLoop() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int requests = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        // warm-up, as the application's own JIT is warm by the time a file comes
        run(client, base, 2000, concurrency, new AtomicInteger(), new AtomicInteger(), "warm", 60_000_000);
        long start = System.nanoTime();
        run(client, base, requests, concurrency, next, accepted, "bare", 50_000_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bare JDK HttpClient loop, concurrency %d: %d requests (%d accepted) in %.1f s = %.0f requests/s%n",
                concurrency, requests, accepted.get(), seconds, requests / seconds);
    }

    private static void run(HttpClient client, String base, int requests, int concurrency, AtomicInteger next,
            AtomicInteger accepted, String prefix, int firstPhone) throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            workers.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String query = "ApiKey=sim-api-key&SecretKey=sim-secret-key&TemplateId=sim-recording-1&Phone=09"
                            + String.format("%08d", firstPhone + i) + "&RequestId=" + prefix + "-" + i;
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/MainService.svc/json/MakeCallRecord_V2?" + query)).GET().build();
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
