package vn.voiceroutes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret value (a callback token, the embedded database's and broker's passwords) that is configured, or generated
 * at first start and kept in an owner-only file under the work folder. Its value is never part of toString(), a log line or an exception message.
 */
public final class LocalSecret {

    private final byte[] value;

    private LocalSecret(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    /** A configured secret. */
    public static LocalSecret of(String configured) {
        return new LocalSecret(configured.trim());
    }

    public static LocalSecret configuredOrGenerated(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            return new LocalSecret(configured.trim());
        }
        return generated(file);
    }

    /** The secret in this owner-only file, generated into it (48 hexadecimal digits) the first time. */
    public static LocalSecret generated(Path file) {
        try {
            if (Files.exists(file)) {
                return new LocalSecret(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, generated, StandardCharsets.UTF_8);
            Files.move(tmp, file);
            return new LocalSecret(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret file under the work folder", e);
        }
    }

    /** Constant-time comparison, so a caller cannot learn the token byte by byte. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The value itself, for building the URL we hand to the provider; never log it. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "LocalSecret[****]";
    }
}
