package vn.voiceroutes.http;

/** An HTTP request this application will not take as it is: answered 400 (or the given 4xx) with the reason, nothing stored. */
public class BadRequestException extends RuntimeException {

    private final int status;

    public BadRequestException(String reason) {
        this(400, reason);
    }

    public BadRequestException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
