package vn.voiceroutes.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a process that died without stopping it (kill -9, the OOM killer, a power cut to the
 * JVM) keeps running, reparented, holding the data directory: the next start would give up waiting for its own
 * server. Before the embedded database starts, its data directory's postmaster.pid is read; if it names a live
 * PostgreSQL server of this very data directory (its command and its working directory say so) and no live process
 * holds the directory's lock (the embedded database's epg-lock, which the kernel releases when its owner dies),
 * that server is an orphan: it is stopped (fast shutdown, then killed after a few seconds). A pid file naming any
 * other process is never signalled. Reads /proc: on a system without it nothing is stopped.
 */
final class OrphanedPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
    /** The lock file zonky's EmbeddedPostgres holds in its data directory while it owns the server. */
    static final String OWNER_LOCK = "epg-lock";
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(5);

    private OrphanedPostgres() {
    }

    /** Stops the orphaned server of this data directory, if there is one; true when one was stopped. */
    static boolean stopIfAny(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return false;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
        } catch (NumberFormatException e) {
            return false; // not a pid file we can read: PostgreSQL will judge it itself
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false; // a stale pid file: PostgreSQL replaces it itself
        }
        if (!isPostgresServerOf(pid, dataDir)) {
            LOG.warn("{} names process {}, which is not a PostgreSQL server of {}: left alone", pidFile, pid, dataDir);
            return false;
        }
        if (ownedByALiveProcess(dataDir)) {
            throw new IllegalStateException("The embedded database in " + dataDir + " is in use by another running process "
                    + "(PostgreSQL pid " + pid + "): two applications cannot share one work folder's embedded database; "
                    + "stop the other one, or point this one at it with voice.db.url");
        }
        LOG.warn("Found the embedded PostgreSQL (pid {}, parent {}) of a process that ended without stopping it; stopping it",
                pid, process.get().parent().map(p -> Long.toString(p.pid())).orElse("gone"));
        signal(pid, "INT"); // PostgreSQL's fast shutdown
        if (!waitForExit(process.get(), FAST_SHUTDOWN)) {
            LOG.warn("The orphaned PostgreSQL (pid {}) did not stop within {} s; killing it", pid, FAST_SHUTDOWN.toSeconds());
            process.get().destroyForcibly();
            waitForExit(process.get(), FAST_SHUTDOWN);
        }
        return true;
    }

    /** Its program is postgres and it runs in (or was started with -D) this data directory. */
    static boolean isPostgresServerOf(long pid, Path dataDir) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String[] argv = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            if (argv.length == 0 || !Path.of(argv[0]).getFileName().toString().equals("postgres")) {
                return false;
            }
            Path data = dataDir.toRealPath();
            for (int i = 0; i + 1 < argv.length; i++) {
                if (argv[i].equals("-D") && Files.exists(Path.of(argv[i + 1])) && Path.of(argv[i + 1]).toRealPath().equals(data)) {
                    return true;
                }
            }
            return proc.resolve("cwd").toRealPath().equals(data);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True while some live process (this one included) holds the data directory's owner lock. */
    static boolean ownedByALiveProcess(Path dataDir) {
        Path lock = dataDir.resolve(OWNER_LOCK);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: assume it is owned, and signal nothing
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return !process.isAlive();
    }
}
