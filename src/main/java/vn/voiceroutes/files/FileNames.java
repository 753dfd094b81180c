package vn.voiceroutes.files;

import java.nio.charset.StandardCharsets;

/**
 * Names of the files the application writes next to a dropped one (its .done/.failed copy, its error file, its
 * report). File systems refuse names over 255 bytes, and a dropped file may already be close to that: a name that
 * would be too long keeps its beginning and gets a short hash of the whole, so it is still told apart, and the rename
 * that takes a file out of its inbox never fails for its length.
 */
public final class FileNames {

    /** The longest file name (in UTF-8 bytes) ext4, XFS, NTFS and APFS all take. */
    public static final int MAX_BYTES = 255;

    /** The time a moved file's name begins with, in .done/ and .failed/. */
    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private FileNames() {
    }

    /** A dropped file's name in .done/ or .failed/: the time it was moved, then its name, within 255 bytes. */
    public static String moved(java.time.ZonedDateTime at, String name) {
        return fit(at.format(STAMP) + "-", name, "");
    }

    /** prefix + name + suffix, with name shortened (and marked with a hash) when the whole would exceed 255 bytes. */
    public static String fit(String prefix, String name, String suffix) {
        String whole = prefix + name + suffix;
        if (bytes(whole) <= MAX_BYTES) {
            return whole;
        }
        String mark = "~" + vn.voiceroutes.model.Sha256.hex(name).substring(0, 8);
        int budget = MAX_BYTES - bytes(prefix) - bytes(suffix) - bytes(mark);
        if (budget < 1) {
            throw new IllegalArgumentException("No room for a name between '" + prefix + "' and '" + suffix + "'");
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return prefix + kept + mark + suffix;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
