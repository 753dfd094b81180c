package vn.voiceroutes.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * eSMS callbacks as eSMS sends them (GET with the report in the query), for benchmarks/callbacks.sh:
 * - {@code max URL PREFIX COUNT CONCURRENCY [ROUNDS]}: COUNT callbacks, CONCURRENCY at a time, for calls
 *   PREFIX-0..COUNT-1; prints the callbacks acknowledged (HTTP 200) per second. With ROUNDS, as many rounds one after
 *   the other in this one client (calls PREFIX1-i, PREFIX2-i, ...), each printed, then the median; the client is
 *   warmed up first with CLIENT_WARM_UP callbacks of calls warm-i, unmeasured.
 * - {@code rate URL PREFIX COUNT PER_SECOND}: COUNT callbacks offered at PER_SECOND whatever the answers' pace (after
 *   an unmeasured warm-up of the client), each timed from when it was due; prints p50, p99 and the most.
 * - {@code bare PORT}: a bare Vert.x HTTP endpoint answering every request 200 "OK", the floor to compare with.
 * URL is the callback URL up to its token (http://host:port/callbacks/esms/TOKEN).
 */
public final class CallbackLoad {

    /**
     * Callbacks each client sends first, unmeasured (calls warm-i: for the application, duplicates of its warm-up's):
     * offering 1,000/s, the client's own JIT compiler took 1.6 s of CPU between its 6th and 16th second and nearly
     * nothing after, and its 10 measured seconds ran beside it on the same 2 cores.
     */
    static final int CLIENT_WARM_UP = 15_000;

    /** Connections the fixed rate is offered over: at 1,000/s, room for answers of up to 64 ms without falling behind. */
    private static final int OFFER_CONNECTIONS = 64;

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
        if (args[0].equals("max")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            int concurrency = Integer.parseInt(args[4]);
            int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
            double[] rates = new double[rounds];
            // the client warms up first, unmeasured, as the rate's does: for the application, duplicates of the warm-up
            // run's callbacks (stored already); with a cold client, the bare endpoint's first round was half its third
            if (rounds > 1) {
                max(client, url, "warm", CLIENT_WARM_UP, concurrency, 0);
            }
            for (int round = 1; round <= rounds; round++) {
                // one round's calls are PREFIX-i, or PREFIX1-i, PREFIX2-i, ... when there are several
                rates[round - 1] = max(client, url, rounds == 1 ? prefix : prefix + round, count, concurrency, round);
            }
            if (rounds > 1) {
                Arrays.sort(rates);
                System.out.printf("median of %d rounds = %.0f/s%n", rounds, rates[rounds / 2]);
            }
            return;
        }
        int perSecond = Integer.parseInt(args[4]);
        // the client warms up first (duplicates of the warm-up run's callbacks, stored already), unmeasured
        URI base = URI.create(url);
        Vertx vertx = Vertx.vertx();
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()), new PoolOptions().setHttp1MaxSize(OFFER_CONNECTIONS));
        offer(client, base.getRawPath(), "warm", Math.min(CLIENT_WARM_UP, perSecond * 15), perSecond);
        long measuredFrom = System.currentTimeMillis();
        long[] micros = offer(client, base.getRawPath(), prefix, count, perSecond);
        vertx.close();
        // CALLBACK_TIMELINE=file: when the run began, then each callback's number and answer time (µs), to see when the
        // slow ones came
        String timeline = System.getenv("CALLBACK_TIMELINE");
        if (timeline != null) {
            StringBuilder lines = new StringBuilder("# callback i due at " + measuredFrom + " ms since the epoch + i / rate\n");
            for (int i = 0; i < micros.length; i++) {
                lines.append(i).append(' ').append(micros[i]).append('\n');
            }
            Files.writeString(Path.of(timeline), lines);
        }
        long failed = Arrays.stream(micros).filter(m -> m < 0).count();
        micros = Arrays.stream(micros).map(Math::abs).sorted().toArray();
        System.out.printf("%d callbacks offered at %d/s: p50 %.1f ms, p99 %.1f ms, most %.1f ms, %d not acknowledged%n", count, perSecond,
                micros[count / 2] / 1000.0, micros[(int) (count * 0.99)] / 1000.0, micros[count - 1] / 1000.0, failed);
    }

    /** COUNT callbacks, CONCURRENCY at a time, as fast as they are answered; prints and answers the rate acknowledged. */
    private static double max(HttpClient client, String url, String prefix, int count, int concurrency, int round)
            throws InterruptedException {
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
        double rate = acknowledged.get() / seconds;
        if (round > 0) {
            System.out.printf("round %d: %d callbacks, %d at a time: %d acknowledged in %.1f s = %.0f/s%n", round, count,
                    concurrency, acknowledged.get(), seconds, rate);
        }
        return rate;
    }

    /**
     * Offers COUNT callbacks at PER_SECOND over at most OFFER_CONNECTIONS kept-alive connections, each due at its time
     * whatever the answers' pace: its answer time counts from when it was due, so time spent waiting for a free
     * connection counts too (no coordinated omission). Answer times in microseconds, negative for not acknowledged.
     * A Vert.x client (one event loop, requests queued for a free connection) rather than the JDK's: at 1,000/s over
     * 64 connections the JDK client took 1.0-1.6 of the 2 cores by itself (per-process CPU every 100 ms), so the
     * latency measured was mostly the application waiting for a core the load generator held.
     */
    private static long[] offer(io.vertx.core.http.HttpClient client, String path, String prefix, int count, int perSecond)
            throws InterruptedException {
        long[] micros = new long[count];
        CountDownLatch answered = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            int i = n;
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path + "?" + query(prefix, i))
                    .setTimeout(30_000))
                    .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
                    .onComplete(answer -> {
                        long took = (System.nanoTime() - due) / 1000;
                        micros[i] = answer.succeeded() && answer.result() == 200 ? took : -took;
                        answered.countDown();
                    });
        }
        answered.await(5, TimeUnit.MINUTES);
        return micros;
    }

    private static HttpRequest request(String url, String prefix, int i) {
        return HttpRequest.newBuilder(URI.create(url + "?" + query(prefix, i))).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static String query(String prefix, int i) {
        return "rid=" + prefix + "-" + i + "&ReferenceId=ref-" + prefix + "-" + i
                + "&CallStatus=ANSWERED&CallDuration=12&Price=750&SentResult=1&SendStatus=5&Ivr=&CID=02871002454";
    }
}
