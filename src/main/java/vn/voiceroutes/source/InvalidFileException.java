package vn.voiceroutes.source;

/** A dropped file that cannot be read as call requests at all (no header, no phone column, not UTF-8 text). */
public class InvalidFileException extends RuntimeException {

    public InvalidFileException(String message) {
        super(message);
    }
}
