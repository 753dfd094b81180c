package vn.voiceroutes.esms;

/**
 * What an HTTP status from eSMS's front end means for one request, before any eSMS code is read. The documents
 * name no HTTP status (eSMS answers 200 and puts its code in the body), so only what HTTP itself says is taken:
 * a status that refuses this request (its size, its form) fails this call with the reason and nothing else; only
 * the documented account-wide codes in the body may pause the provider.
 */
public enum EsmsHttpStatus {
    /** 200: read the body. */
    ANSWERED,
    /** Timeouts, throttling, server faults: the same request is tried again later. */
    TRANSIENT,
    /**
     * Not found, method not allowed, unauthorised, forbidden: the endpoint or our access, not this request. Retried
     * with backoff and then dead-lettered with the reason; the call stays callable by a re-drop, never rejected for
     * good because of a setting.
     */
    ENDPOINT,
    /** Any other 4xx (400, 411, 413, 414 URI too long, 431...): this request is refused, the call fails with the reason. */
    REQUEST_REFUSED;

    public static EsmsHttpStatus of(int status) {
        if (status == 200) {
            return ANSWERED;
        }
        if (status >= 500 || status == 408 || status == 429 || status < 100) {
            return TRANSIENT;
        }
        if (status == 401 || status == 403 || status == 404 || status == 405) {
            return ENDPOINT;
        }
        if (status >= 400) {
            return REQUEST_REFUSED;
        }
        return TRANSIENT;
    }

    static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> "";
        };
    }
}
