package vn.voiceroutes.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedded parts (broker, database) start side by side, while Camel reads the route files: each takes a second
 * or so, and one after the other they made most of the start-up. The routes start once every part is up
 * ({@link #awaitAll}); a part that cannot start fails the start with its own reason.
 */
public final class EmbeddedStart {

    /** Something that starts and may fail with a checked exception. */
    @FunctionalInterface
    public interface Starting<T> {
        T start() throws Exception;
    }

    /** What is done with a part once it is up. */
    @FunctionalInterface
    public interface Then<T> {
        void run(T part) throws Exception;
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(3, task -> {
        Thread thread = new Thread(task, "voice-start");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CompletableFuture<?>> steps = new ArrayList<>();

    /** A part that is not embedded (configured to a real one): nothing to start. */
    public <T> CompletableFuture<T> none() {
        return CompletableFuture.completedFuture(null);
    }

    public <T> CompletableFuture<T> start(String what, Starting<T> starting) {
        CompletableFuture<T> step = CompletableFuture.supplyAsync(() -> {
            try {
                return starting.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start " + what + ": " + e.getMessage(), e);
            }
        }, threads);
        steps.add(step);
        return step;
    }

    public <T> void then(String what, CompletableFuture<T> part, Then<T> then) {
        steps.add(part.thenAcceptAsync(started -> {
            try {
                then.run(started);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot prepare " + what + ": " + e.getMessage(), e);
            }
        }, threads));
    }

    /** Waits until every part is up; the first that failed fails the start with its reason. */
    public void awaitAll() {
        try {
            CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            threads.shutdown();
        }
    }

    /** Closes a part once its start has ended (waiting for it if it is still starting); a part that never started is left. */
    public static void closeOnceStarted(CompletableFuture<? extends AutoCloseable> started) throws Exception {
        AutoCloseable part;
        try {
            part = started.get();
        } catch (ExecutionException e) {
            return;
        }
        if (part != null) {
            part.close();
        }
    }
}
