package vn.voiceroutes.dispatch;

/** A fault of the whole provider account (credentials, balance, whitelist): every call would fail alike. */
public class ProviderAccountException extends RuntimeException {

    private final String provider;
    private final String code;

    public ProviderAccountException(String provider, String code, String message) {
        super(provider + " account fault " + code + ": " + message);
        this.provider = provider;
        this.code = code;
    }

    public String provider() {
        return provider;
    }

    public String code() {
        return code;
    }
}
