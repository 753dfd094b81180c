package vn.voiceroutes.dispatch;

/** Dispatch to a provider is paused after an account-wide fault: the work stays where it is, to be sent later. */
public class ProviderPausedException extends RuntimeException {

    public ProviderPausedException(String message) {
        super(message);
    }
}
