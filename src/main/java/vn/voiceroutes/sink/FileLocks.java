package vn.voiceroutes.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time for a file the outbox appends to and an erasure rewrites: a lock in this JVM (Java's file locks
 * are per process, a second one in the same JVM throws) and an exclusive lock on the file for other nodes sharing it.
 */
public final class FileLocks {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    @FunctionalInterface
    public interface Work<T> {
        T run(FileChannel channel) throws IOException;
    }

    private FileLocks() {
    }

    /** Runs the work with the file opened for appending (created if missing) and locked. */
    public static <T> T appending(Path file, Work<T> work) throws IOException {
        return locked(file, work, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Runs the work with the file opened (it exists) and locked: its content may be replaced meanwhile. */
    public static <T> T existing(Path file, Work<T> work) throws IOException {
        return locked(file, work, StandardOpenOption.WRITE);
    }

    private static <T> T locked(Path file, Work<T> work, StandardOpenOption... options) throws IOException {
        ReentrantLock lock = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, options); java.nio.channels.FileLock ignored = channel.lock()) {
            return work.run(channel);
        } finally {
            lock.unlock();
        }
    }
}
