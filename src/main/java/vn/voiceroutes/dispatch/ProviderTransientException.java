package vn.voiceroutes.dispatch;

/** A fault that may pass: retry the same request (same RequestId) with backoff. Message carries no secret. */
public class ProviderTransientException extends RuntimeException {

    public ProviderTransientException(String message) {
        super(message);
    }
}
