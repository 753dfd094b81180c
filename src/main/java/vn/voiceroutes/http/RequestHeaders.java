package vn.voiceroutes.http;

import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Headers as the client sent them. Camel's platform-http puts query parameters and form fields among the message's
 * headers beside the real ones, so {@code ?Authorization=Bearer ...}, {@code ?Cookie=...} or
 * {@code ?X-Requested-With=voice-console} read as headers, and a same-site form or a link could carry a credential or
 * meet the console's CSRF check. Credentials, sessions and that check are read here, from the HTTP request itself.
 */
public final class RequestHeaders {

    private RequestHeaders() {
    }

    /**
     * The header's value as the request carries it, or null: absent, not an HTTP request, or sent twice (which of two
     * credentials is meant cannot be told, so neither counts).
     */
    public static String get(Exchange exchange, String name) {
        if (!(exchange.getIn() instanceof HttpMessage http) || http.getRequest() == null) {
            return null;
        }
        List<String> values = http.getRequest().headers().getAll(name);
        return values.size() == 1 ? values.get(0) : null;
    }

    /**
     * Whether a request that changes something comes from a page of this very origin, as the browser says: Sec-Fetch-Site
     * (every current browser sends it) is same-origin, and Origin, when sent, is this request's own scheme and host. A
     * request that sends neither (a script, curl) is not a browser's cross-site form and passes. publicOrigin: the origin
     * of voice.public-url, which a reverse proxy in front may serve while passing another Host on.
     */
    public static boolean sameOrigin(Exchange exchange, String publicOrigin) {
        String site = get(exchange, "Sec-Fetch-Site");
        if (site != null && !site.strip().equalsIgnoreCase("same-origin")) {
            return false;
        }
        String origin = get(exchange, "Origin");
        if (origin == null) {
            return true;
        }
        if (publicOrigin != null && origin.strip().equalsIgnoreCase(publicOrigin)) {
            return true;
        }
        String host = get(exchange, "Host");
        if (host == null) {
            return false;
        }
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        String ownHost = host.strip().toLowerCase(Locale.ROOT);
        return lower.equals("http://" + ownHost) || lower.equals("https://" + ownHost);
    }
}
