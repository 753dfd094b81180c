package vn.voiceroutes.source;

import java.util.Locale;
import java.util.Optional;

/** The kinds of file a channel's inbox reads, told by the file's extension. */
public enum InboxFormat {
    /** A header row naming the fields, then one call per row. */
    CSV,
    /** One JSON array of flat objects, one call per object. */
    JSON_ARRAY,
    /** One flat JSON object per line. */
    JSON_LINES;

    public static Optional<InboxFormat> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON_ARRAY);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSON_LINES);
        }
        return Optional.empty();
    }

    /** What an operator is told when a file of another kind lands in an inbox. */
    public static final String ACCEPTED = "CSV in UTF-8 with a header row (.csv), a JSON array of objects (.json) or "
            + "JSON lines (.jsonl)";
}
