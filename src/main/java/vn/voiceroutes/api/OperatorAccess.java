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
import vn.voiceroutes.ledger.Operators.Role;

/**
 * Who may use the operator API and the console, what their role lets them do, and who they are for the log and the
 * ledger. A system sends {@code Authorization: Bearer <token>}: the bootstrap admin's (voice.admin-token, named
 * "admin") or a named operator's (Operators: viewer, operator or admin); the name every action is recorded under is
 * the token's, never a header's. A person signs in to the console with their token alone and then carries a session
 * cookie: their name, an expiry and an HMAC of both keyed by the admin token ({@link AdminToken#sign}), never the token
 * itself; their role is read from the ledger on every request, so a revoked operator is signed out at once. The cookie is HttpOnly and SameSite=Strict, and a request that
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
    /** The exchange property {@link #require} sets: the role of who asks (viewer, operator, admin). */
    public static final String ROLE = "voiceOperatorRole";
    private static final String NO_OPERATOR = "an operator's token (Authorization: Bearer) or a console session is required";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final AdminToken token;
    private final Duration session;
    private final Clock clock;
    private final FailedSignIns failures;
    private final String publicOrigin;
    private final boolean secureCookie;
    private final vn.voiceroutes.ledger.ConsoleSignOuts signOuts;
    private final vn.voiceroutes.ledger.Operators operators;

    /** Who asks: the name actions are recorded under ("API (lan)", "console (lan)"), the token's name and its role. */
    public record Caller(String recorded, String name, Role role) {
    }

    public OperatorAccess(AdminToken token, Duration session, Clock clock, FailedSignIns failures, String publicUrl,
            vn.voiceroutes.ledger.ConsoleSignOuts signOuts) {
        this(token, session, clock, failures, publicUrl, signOuts, null);
    }

    /**
     * publicUrl: voice.public-url, whose origin the console's pages may be served from (or null); an https one makes the
     * session cookie Secure (sent over https only). signOuts: sessions signed out on any node. operators: the named
     * operators (null: the bootstrap admin only).
     */
    public OperatorAccess(AdminToken token, Duration session, Clock clock, FailedSignIns failures, String publicUrl,
            vn.voiceroutes.ledger.ConsoleSignOuts signOuts, vn.voiceroutes.ledger.Operators operators) {
        this.operators = operators;
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

    /** Who asks ("API (lan)", "console (lan)"), or null: the request is refused. */
    public String operator(Exchange exchange) {
        Caller caller = caller(exchange);
        return caller == null ? null : caller.recorded();
    }

    /** The operator this token is: the bootstrap admin, or a named operator not revoked. */
    public Optional<vn.voiceroutes.ledger.Operators.Operator> tokenOf(String typed) {
        if (token.matches(typed)) {
            return Optional.of(new vn.voiceroutes.ledger.Operators.Operator(vn.voiceroutes.ledger.Operators.BOOTSTRAP, Role.ADMIN));
        }
        return operators == null || typed == null || typed.isBlank() ? Optional.empty() : operators.byToken(typed.strip());
    }

    /** Who asks and with what role, or null: the request is refused. */
    public Caller caller(Exchange exchange) {
        Message message = exchange.getMessage();
        String authorization = RequestHeaders.get(exchange, "Authorization");
        if (authorization != null) {
            // the right token always passes: an address refused for the wrong ones of another behind the same NAT
            // is not locked out (with 128 bits or more, a token is not found by guessing)
            Optional<vn.voiceroutes.ledger.Operators.Operator> bearer = authorization.startsWith("Bearer ")
                    ? tokenOf(authorization.substring("Bearer ".length())) : Optional.empty();
            if (bearer.isPresent()) {
                return new Caller("API (" + bearer.get().name() + ")", bearer.get().name(), bearer.get().role());
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
        // a session of an operator revoked since: refused at once
        return roleOf(name.get()).map(r -> new Caller("console (" + name.get() + ")", name.get(), r)).orElse(null);
    }

    /** The role of the operator a session names, read from the ledger on every request; none once revoked. */
    private Optional<Role> roleOf(String name) {
        return vn.voiceroutes.ledger.Operators.BOOTSTRAP.equals(name) ? Optional.of(Role.ADMIN)
                : operators == null ? Optional.empty() : operators.byName(name).map(vn.voiceroutes.ledger.Operators.Operator::role);
    }

    /**
     * A route's first step where only operators may go: sets the exchange properties voiceOperator (who asks) and
     * voiceOperatorRole, or refuses with 403 (the http-endpoints route configuration answers it, with the refusal in
     * the log). A GET needs a viewer; any other method acts, and needs an operator.
     */
    public void require(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        requireRole(exchange, "GET".equals(method) || "HEAD".equals(method) ? Role.VIEWER : Role.OPERATOR);
    }

    /** As {@link #require}, for what only an admin may do: operators, erasure, taking a number off the opt-outs. */
    public void requireAdmin(Exchange exchange) {
        requireRole(exchange, Role.ADMIN);
    }

    /**
     * As {@link #require}, for the query API (GET /api/calls): who brings no token (or a wrong one) is answered 401, as
     * that API has always answered; a role too small, 403.
     */
    public void requireForQuery(Exchange exchange) {
        requireRole(exchange, Role.VIEWER, 401);
    }

    private void requireRole(Exchange exchange, Role needed) {
        requireRole(exchange, needed, 403);
    }

    private void requireRole(Exchange exchange, Role needed, int noCaller) {
        Caller caller = caller(exchange);
        if (caller == null) {
            throw new BadRequestException(noCaller, (noCaller == 401 ? "Unauthorized: " : "Forbidden: ") + NO_OPERATOR);
        }
        if (!caller.role().allows(needed)) {
            throw new BadRequestException(403, "Forbidden: this needs the " + needed.label() + " role; " + caller.name() + " is "
                    + caller.role().label());
        }
        exchange.setProperty(OPERATOR, caller.recorded());
        exchange.setProperty(ROLE, caller.role().label());
    }

    /** GET /api/me: who the console or the API caller is and their role, for the console to show what they may use. */
    public java.util.Map<String, Object> me(Exchange exchange) {
        Caller caller = caller(exchange);
        if (caller == null) {
            throw new BadRequestException(403, "Forbidden: " + NO_OPERATOR);
        }
        return java.util.Map.of("name", caller.name(), "role", caller.role().label());
    }

    /** Whether the request carries a console session still valid: the console page or its sign-in form. */
    public boolean signedIn(Exchange exchange) {
        // a session of an operator revoked since is none: the page is the sign-in form, not a console whose every
        // request is refused
        return sessionName(RequestHeaders.get(exchange, "Cookie")).flatMap(this::roleOf).isPresent();
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
