package vn.voiceroutes.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.files.FileNames;

/**
 * What an inbox takes: regular files only (the file consumers' filter, #regularFilesOnly). A symbolic link was
 * followed, so a local user could have the application read a file only it may read (and quote it back in the error
 * file and the log); a fifo would have held the reader forever. Anything else is refused where it lies: moved, without
 * being opened, to .failed/ with the reason in its error file, and never read through.
 */
public class RegularFilesOnly implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(RegularFilesOnly.class);

    private final WorkFolder work;
    private final ZoneId zone;
    private final Clock clock;

    public RegularFilesOnly(WorkFolder work, ZoneId zone, Clock clock) {
        this.work = work;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isSymbolicLink(path) && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return true; // .done/, .failed/: the consumers do not go into folders
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            refuse(path);
        }
        return false;
    }

    /** What the entry is, for its reason. */
    static String kind(Path path) {
        if (Files.isSymbolicLink(path)) {
            return "a symbolic link";
        }
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "not a regular file (a fifo, socket or device)";
    }

    private void refuse(Path path) {
        String name = path.getFileName().toString();
        Path inbox = path.getParent();
        String channel = inbox.getFileName().toString();
        String reason = "is " + kind(path) + ", not a regular file: refused, and nothing was read through it. Drop the file itself "
                + "(copy, then move it in)";
        try {
            vn.voiceroutes.source.FileBatch.recordFailure(work.errors(channel), name, reason);
            Path failed = Files.createDirectories(inbox.resolve(".failed"))
                    .resolve(FileNames.moved(ZonedDateTime.now(clock.withZone(zone)), name));
            // moves the entry itself (a link stays a link), never what it points to
            Files.move(path, failed, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("{} file {} {}; moved to .failed", channel, name, reason);
        } catch (IOException | RuntimeException e) {
            // another node sharing the inbox moved it first, or the folder is not ours to write: it stays refused
            LOG.debug("{} entry {} could not be moved to .failed: {}", channel, name, e.toString());
        }
    }
}
