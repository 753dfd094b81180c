package vn.voiceroutes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's work folder: inbox/, outbox/, errors/, data/. One place that knows its layout. What the application
 * writes is its user's alone, whatever the umask it was started with: outbox/ (results and reports name people and
 * phones), errors/ (records quoted) and data/ (the ledger's database, the broker's journal, the generated secrets) are
 * made owner-only (rwx------) at every start, also when an earlier version left them open. inbox/ stays as the
 * operator made it: other systems drop files into it.
 */
public final class WorkFolder {

    private final Path root;

    public WorkFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
        for (String dir : new String[] {"inbox", "outbox", "errors", "data"}) {
            try {
                Path folder = Files.createDirectories(this.root.resolve(dir));
                if (!dir.equals("inbox")) {
                    ownerOnly(folder);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create work folder " + this.root.resolve(dir), e);
            }
        }
    }

    /** rwx------ where the file system has POSIX permissions (not on Windows). */
    static void ownerOnly(Path folder) throws IOException {
        if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    public Path root() {
        return root;
    }

    public Path inbox(String channel) {
        return root.resolve("inbox").resolve(channel);
    }

    public Path outbox() {
        return root.resolve("outbox");
    }

    public Path errors(String channel) {
        return root.resolve("errors").resolve(channel);
    }

    public Path data(String name) {
        return root.resolve("data").resolve(name);
    }
}
