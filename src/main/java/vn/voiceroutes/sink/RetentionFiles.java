package vn.voiceroutes.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files the work folder keeps about calls, deleted once older than voice.retention.files-days (by when they were
 * last written): results, reports and previews (outbox/), error files (errors/), and the kept copies of dropped files
 * (.done/ and .failed/ in each inbox). Files waiting to be read, scheduled files and the data folder are never touched.
 */
public final class RetentionFiles {

    private final Path work;
    private final Clock clock;

    public RetentionFiles(Path work, Clock clock) {
        this.work = work;
        this.clock = clock;
    }

    /** Binds the nightly purge's beans: retention (the ledger's) and retentionFiles (the work folder's). */
    public static void bind(org.apache.camel.spi.Registry registry, vn.voiceroutes.ledger.LedgerDatabase ledger, Path work) {
        registry.bind("retention", new vn.voiceroutes.ledger.Retention(ledger));
        registry.bind("retentionFiles", new RetentionFiles(work, Clock.systemUTC()));
    }

    /** Deletes the kept files older than {@code days}; how many. */
    public int purge(int days) throws IOException {
        FileTime before = FileTime.from(clock.instant().minus(Duration.ofDays(days)));
        int deleted = 0;
        for (Path folder : folders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path file : paths.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(file).compareTo(before) < 0 && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    private List<Path> folders() throws IOException {
        List<Path> folders = new java.util.ArrayList<>(List.of(work.resolve("outbox"), work.resolve("errors")));
        Path inbox = work.resolve("inbox");
        if (Files.isDirectory(inbox)) {
            try (Stream<Path> channels = Files.list(inbox)) {
                for (Path channel : channels.filter(Files::isDirectory).toList()) {
                    folders.add(channel.resolve(".done"));
                    folders.add(channel.resolve(".failed"));
                }
            }
        }
        return folders;
    }
}
