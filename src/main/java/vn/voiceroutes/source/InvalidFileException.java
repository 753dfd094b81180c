package vn.voiceroutes.source;

/**
 * A dropped file that cannot be read as call requests (empty, not UTF-8, broken CSV or JSON, no phone column, a
 * field named twice, a kind of file the inbox does not read): refused whole, moved to .failed with this reason.
 */
public class InvalidFileException extends RuntimeException {

    private final long line;
    private final String reason;

    public InvalidFileException(String fileName, long line, String reason) {
        super(fileName + (line > 0 ? " line " + line : "") + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** Where the file goes wrong (0 when it is the file as a whole). */
    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
