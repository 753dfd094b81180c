package vn.voiceroutes.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import vn.voiceroutes.config.AdminToken;
import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.http.RequestHeaders;

/**
 * Who may use the operator API and the console, and who they are for the log and the ledger. A system sends
 * {@code Authorization: Bearer <voice.admin-token>} (and names itself in X-Operator); a person signs in to the console
 * with the token once and then carries a session cookie: their name, an expiry and an HMAC of both keyed by the token
 * ({@link AdminToken#sign}), never the token itself. The cookie is HttpOnly and SameSite=Strict, and a request that
 * changes something must also carry {@code X-Requested-With: voice-console}, which a form on another site cannot send,
 * and come from the console's own origin (Sec-Fetch-Site, Origin). Every one of these is read from the request's real
 * headers (RequestHeaders), never from a query parameter or form field of the same name.
 */
public class OperatorAccess {

    public static final String COOKIE = "voice_console";
    /** What the console's scripts send with every action; a cross-site form cannot set a header. */
    public static final String CONSOLE_HEADER = "X-Requested-With";
    public static final String CONSOLE_MARK = "voice-console";
    public static final int NAME_MAX = 100;
    /** The exchange property {@link #require} sets: who asks, for the beans that log and keep it. */
    public static final String OPERATOR = "voiceOperator";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final AdminToken token;
    private final Duration session;
    private final Clock clock;
    private final FailedSignIns failures;
    private final String publicOrigin;
    private final boolean secureCookie;
    private final vn.voiceroutes.ledger.ConsoleSignOuts signOuts;

    /**
     * publicUrl: voice.public-url, whose origin the console's pages may be served from (or null); an https one makes the
     * session cookie Secure (sent over https only). signOuts: sessions signed out on any node.
     */
    public OperatorAccess(AdminToken token, Duration session, Clock clock, FailedSignIns failures, String publicUrl,
            vn.voiceroutes.ledger.ConsoleSignOuts signOuts) {
        this.token = token;
        this.session = session;
        this.clock = clock;
        this.failures = failures;
        this.publicOrigin = origin(publicUrl);
        this.secureCookie = publicOrigin != null && publicOrigin.startsWith("https://");
        this.signOuts = signOuts;
    }

    private static String origin(String url) {
        try {
            java.net.URI uri = url == null ? null : java.net.URI.create(url.strip());
            return uri == null || uri.getScheme() == null || uri.getRawAuthority() == null ? null
                    : uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where the request comes from (the connection's address), for counting wrong tokens. */
    public static String address(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        return remote instanceof io.vertx.core.net.SocketAddress socket ? socket.hostAddress() : String.valueOf(remote);
    }

    /** Whether this request's address may try a token now (too many wrong ones lately: no). */
    public boolean mayTry(Exchange exchange) {
        return failures.allowed(address(exchange));
    }

    /** How long this request's address must wait before it may try a token again. */
    public Duration retryAfter(Exchange exchange) {
        return failures.retryAfter(address(exchange));
    }

    /** A wrong token from this request's address. */
    public void wrongToken(Exchange exchange) {
        failures.failed(address(exchange));
    }

    /** Who asks ("admin API (lan)", "console (lan)"), or null: the request is refused. */
    public String operator(Exchange exchange) {
        Message message = exchange.getMessage();
        String authorization = RequestHeaders.get(exchange, "Authorization");
        if (authorization != null) {
            // the right token always passes: an address refused for the wrong ones of another behind the same NAT
            // is not locked out (with 32 characters or more, a token is not found by guessing)
            if (token.matchesBearer(authorization)) {
                return HttpChecks.operator(RequestHeaders.get(exchange, "X-Operator"));
            }
            if (mayTry(exchange)) {
                wrongToken(exchange);
            }
        }
        Optional<String> name = sessionName(RequestHeaders.get(exchange, "Cookie"));
        if (name.isEmpty()) {
            return null;
        }
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        boolean reads = "GET".equals(method) || "HEAD".equals(method);
        if (!reads && (!CONSOLE_MARK.equals(RequestHeaders.get(exchange, CONSOLE_HEADER))
                || !RequestHeaders.sameOrigin(exchange, publicOrigin))) {
            return null;
        }
        return "console (" + name.get() + ")";
    }

    /**
     * A route's first step where only operators may go: sets the exchange property voiceOperator to who asks, or
     * refuses with 403 (the http-endpoints route configuration answers it, with the refusal in the log).
     */
    public void require(Exchange exchange) {
        String who = operator(exchange);
        if (who == null) {
            throw new BadRequestException(403, "Forbidden: the admin token (Authorization: Bearer) or a console session is required");
        }
        exchange.setProperty(OPERATOR, who);
    }

    /** Whether the request carries a console session still valid: the console page or its sign-in form. */
    public boolean signedIn(Exchange exchange) {
        return sessionName(RequestHeaders.get(exchange, "Cookie")).isPresent();
    }

    /** The Set-Cookie value that signs this person in for the session's length. */
    public String signInCookie(String name) {
        long expires = clock.instant().plus(session).getEpochSecond();
        // a nonce of its own: signed out, a session stays out even if the same name signs in again within the second
        byte[] nonce = new byte[9];
        RANDOM.nextBytes(nonce);
        String payload = encode(name) + "." + expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return COOKIE + "=" + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(token.sign(payload))
                + cookieAttributes() + "; Max-Age=" + session.toSeconds();
    }

    /**
     * Signs this request's session out on every node (the ledger keeps it until it would have expired), and gives the
     * Set-Cookie value that has the browser drop the cookie: a copy of the cookie kept elsewhere no longer works.
     */
    public String signOut(Exchange exchange) {
        Optional<Session> signedIn = session(RequestHeaders.get(exchange, "Cookie"));
        signedIn.ifPresent(s -> signOuts.signOut(s.hash(), s.expires()));
        return COOKIE + "=" + cookieAttributes() + "; Max-Age=0";
    }

    /** What the session cookie is, set or dropped: the whole site's, for HTTP only, this site only, https only behind https. */
    private String cookieAttributes() {
        return "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    /** A valid session: its operator's name, when it expires, and the hash it is signed out by. */
    private record Session(String name, java.time.Instant expires, String hash) {
    }

    /** The name a valid, unexpired session cookie in this Cookie header carries (not signed out on any node). */
    Optional<String> sessionName(String cookieHeader) {
        return session(cookieHeader).filter(s -> !signOuts.signedOut(s.hash())).map(Session::name);
    }

    private Optional<Session> session(String cookieHeader) {
        if (cookieHeader == null || !token.isSet()) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            String pair = cookie.strip();
            if (!pair.startsWith(COOKIE + "=")) {
                continue;
            }
            String[] parts = pair.substring(COOKIE.length() + 1).split("\\.");
            if (parts.length != 4) {
                return Optional.empty();
            }
            String payload = parts[0] + "." + parts[1] + "." + parts[2];
            byte[] signature;
            try {
                signature = Base64.getUrlDecoder().decode(parts[3]);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!MessageDigest.isEqual(token.sign(payload), signature)) {
                return Optional.empty();
            }
            try {
                long expires = Long.parseLong(parts[1]);
                if (expires < clock.instant().getEpochSecond()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8),
                        java.time.Instant.ofEpochSecond(expires), vn.voiceroutes.model.Sha256.hex(parts[3])));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }
}
