package vn.voiceroutes.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.AdminToken;
import vn.voiceroutes.http.HttpChecks;

/**
 * The console's pages (GET /console, POST /console/sign-in and /console/sign-out, GET /console/assets/{name}): the
 * page when signed in, else the sign-in form; its script and styles, and uPlot from its webjar, all from the jar, so
 * the console works with no internet. The page holds no data: its script reads the JSON API with the session cookie.
 */
public class ConsolePages {

    private static final Logger LOG = LoggerFactory.getLogger(ConsolePages.class);
    private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9.-]{0,60}");
    /** Assets by the name the page asks for: the console's own files, and uPlot's from its webjar. */
    private static final Map<String, String> WEBJAR = Map.of(
            "uPlot.iife.min.js", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "uPlot.min.css", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");
    /** Scripts from the console's own files only: no inline script, no other origin, the page in no frame. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final AdminToken token;
    private final OperatorAccess access;

    public ConsolePages(AdminToken token, OperatorAccess access) {
        this.token = token;
        this.access = access;
    }

    /** GET /console: the console when the session cookie is valid, else the sign-in form. */
    public void page(Exchange exchange) throws IOException {
        if (access.signedIn(exchange)) {
            html(exchange.getMessage(), 200, resource("console/index.html"));
        } else {
            signInForm(exchange.getMessage(), 200, "");
        }
    }

    /** POST /console/sign-in (form: token): a session cookie and back to the console, or the form again. */
    public void signIn(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        Map<String, String> form;
        try {
            form = form(message);
        } catch (IllegalArgumentException e) {
            // a body that is not a form (a stray %, a broken escape): the form again, not a 500 with a stack trace
            signInForm(message, 400, "The sign-in form could not be read: send it from the console's page.");
            return;
        }
        if (!token.isSet()) {
            signInForm(message, 403, "The console is closed: voice.admin-token is not set on this node.");
            return;
        }
        // the right token always signs in (another behind the same NAT guessing does not lock its operators out); wrong
        // ones from an address past the limit are refused without being counted further. The name is the token's.
        Optional<vn.voiceroutes.ledger.Operators.Operator> operator = access.tokenOf(form.get("token"));
        if (operator.isEmpty() && !access.mayTry(exchange)) {
            long minutes = Math.max(1, (access.retryAfter(exchange).toSeconds() + 59) / 60);
            LOG.warn("Console sign-in refused from {}: too many wrong tokens from there", OperatorAccess.address(exchange));
            signInForm(message, 429, "Too many wrong tokens from your address: try again in " + minutes + " minute(s).");
            return;
        }
        if (operator.isEmpty()) {
            access.wrongToken(exchange);
            LOG.warn("Console sign-in refused (wrong or revoked token) from {}", OperatorAccess.address(exchange));
            signInForm(message, 401, "That is not an operator's token (or it was revoked).");
            return;
        }
        String name = operator.get().name();
        LOG.info("Console: {} ({}) signed in", name, operator.get().role().label());
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", "/console");
        message.setHeader("Set-Cookie", access.signInCookie(name));
        message.setHeader("Cache-Control", "no-store");
        message.setBody("");
    }

    /** POST /console/sign-out: the session signed out on every node, the cookie dropped, back to the sign-in form. */
    public void signOut(Exchange exchange) {
        Message message = exchange.getMessage();
        String cookie = access.signOut(exchange);
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", "/console");
        message.setHeader("Set-Cookie", cookie);
        message.setBody("");
    }

    /** GET /console/assets/{name}: the console's script and styles, uPlot's; 404 for any other name. */
    public void asset(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String name = message.getHeader("name", String.class);
        String path = name == null ? null : WEBJAR.getOrDefault(name, ASSET.matcher(name).matches() ? "console/" + name : null);
        byte[] bytes = path == null || name.endsWith(".html") ? null : bytes(path);
        message.getHeaders().clear();
        if (bytes == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody("Not Found");
            return;
        }
        message.setHeader(Exchange.CONTENT_TYPE, name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream");
        message.setHeader("Cache-Control", "no-cache");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(bytes);
    }

    private void signInForm(Message message, int status, String error) throws IOException {
        String page = resource("console/sign-in.html").replace("{{error}}", escape(error));
        html(message, status, page);
    }

    private static void html(Message message, int status, String page) {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("Content-Security-Policy", POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setBody(page);
    }

    /**
     * The form's fields from the body (application/x-www-form-urlencoded), whatever Camel made of it: a Map of the
     * form's own fields (Vert.x's form attributes, never the query), or the text.
     */
    private static Map<String, String> form(Message message) {
        Map<String, String> fields = new HashMap<>();
        Object body = message.getBody();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> fields.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            String text = message.getBody(String.class);
            if (text != null && !text.isBlank()) {
                for (String pair : text.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    fields.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        // the body only: a token in the URL (?token=...) ends up in logs, history and Referer headers, and is refused
        return fields;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String resource(String path) throws IOException {
        byte[] bytes = bytes(path);
        if (bytes == null) {
            throw new IOException(path + " is missing from the jar");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String path) throws IOException {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
