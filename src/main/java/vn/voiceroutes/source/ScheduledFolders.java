package vn.voiceroutes.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;

/**
 * Held work: files placed in &lt;work&gt;/scheduled/&lt;channel&gt;/ wait there until the schedule fires, then move into
 * the channel's inbox. A move is atomic, so several nodes firing the same schedule release each file once.
 */
public class ScheduledFolders {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledFolders.class);

    private final WorkFolder work;

    public ScheduledFolders(WorkFolder work) throws IOException {
        this.work = work;
        for (String channel : Channels.ALL) {
            Files.createDirectories(scheduled(channel));
        }
    }

    public Path scheduled(String channel) {
        return work.root().resolve("scheduled").resolve(channel);
    }

    /** Moves every held file of every channel into its inbox; returns how many were released. */
    public int releaseAll() throws IOException {
        int released = 0;
        for (String channel : Channels.ALL) {
            try (Stream<Path> files = Files.list(scheduled(channel))) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                    Path target = work.inbox(channel).resolve(file.getFileName());
                    if (Files.exists(target)) {
                        LOG.warn("Held file {} not released: {} already has a file of that name", file, work.inbox(channel));
                        continue;
                    }
                    try {
                        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                        released++;
                        LOG.info("Released held file {} into {}", file.getFileName(), work.inbox(channel));
                    } catch (NoSuchFileException e) {
                        // another node released it first
                    }
                }
            }
        }
        return released;
    }
}
