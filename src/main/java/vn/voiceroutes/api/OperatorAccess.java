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

/**
 * Who may use the operator API and the console, and who they are for the log and the ledger. A system sends
 * {@code Authorization: Bearer <voice.admin-token>} (and names itself in X-Operator); a person signs in to the console
 * with the token once and then carries a session cookie: their name, an expiry and an HMAC of both keyed by the token
 * ({@link AdminToken#sign}), never the token itself. The cookie is HttpOnly and SameSite=Strict, and a request that
 * changes something must also carry {@code X-Requested-With: voice-console}, which a form on another site cannot send.
 */
public class OperatorAccess {

    public static final String COOKIE = "voice_console";
    /** What the console's scripts send with every action; a cross-site form cannot set a header. */
    public static final String CONSOLE_HEADER = "X-Requested-With";
    public static final String CONSOLE_MARK = "voice-console";
    public static final int NAME_MAX = 100;
    /** The exchange property {@link #require} sets: who asks, for the beans that log and keep it. */
    public static final String OPERATOR = "voiceOperator";

    private final AdminToken token;
    private final Duration session;
    private final Clock clock;
    private final FailedSignIns failures;

    public OperatorAccess(AdminToken token, Duration session, Clock clock, FailedSignIns failures) {
        this.token = token;
        this.session = session;
        this.clock = clock;
        this.failures = failures;
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
        String authorization = message.getHeader("Authorization", String.class);
        if (authorization != null) {
            if (!mayTry(exchange)) {
                return null;
            }
            if (token.matchesBearer(authorization)) {
                return HttpChecks.operator(message.getHeader("X-Operator", String.class));
            }
            wrongToken(exchange);
        }
        Optional<String> name = sessionName(message.getHeader("Cookie", String.class));
        if (name.isEmpty()) {
            return null;
        }
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        boolean reads = "GET".equals(method) || "HEAD".equals(method);
        if (!reads && !CONSOLE_MARK.equals(message.getHeader(CONSOLE_HEADER, String.class))) {
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
        return sessionName(exchange.getMessage().getHeader("Cookie", String.class)).isPresent();
    }

    /** The Set-Cookie value that signs this person in for the session's length. */
    public String signInCookie(String name) {
        long expires = clock.instant().plus(session).getEpochSecond();
        String payload = encode(name) + "." + expires;
        return COOKIE + "=" + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(token.sign(payload))
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + session.toSeconds();
    }

    /** The Set-Cookie value that signs out (the browser drops the cookie). */
    public static String signOutCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** The name a valid, unexpired session cookie in this Cookie header carries. */
    Optional<String> sessionName(String cookieHeader) {
        if (cookieHeader == null || !token.isSet()) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            String pair = cookie.strip();
            if (!pair.startsWith(COOKIE + "=")) {
                continue;
            }
            String[] parts = pair.substring(COOKIE.length() + 1).split("\\.");
            if (parts.length != 3) {
                return Optional.empty();
            }
            String payload = parts[0] + "." + parts[1];
            byte[] signature;
            try {
                signature = Base64.getUrlDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!MessageDigest.isEqual(token.sign(payload), signature)) {
                return Optional.empty();
            }
            try {
                if (Long.parseLong(parts[1]) < clock.instant().getEpochSecond()) {
                    return Optional.empty();
                }
                return Optional.of(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
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
