package vn.voiceroutes.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import vn.voiceroutes.source.Channels;

/**
 * Where and how outcomes are pushed over HTTP, read once at start: voice.webhook.url (every channel) and
 * voice.webhook.&lt;channel&gt;.url (one channel; none set: off), signed with voice.webhook.secret (and, while set,
 * voice.webhook.previous-secret), voice.webhook.timeout-ms per request, given up on after voice.webhook.max-age-ms,
 * at most voice.webhook.max-in-flight requests per URL at a time. A setting that is not clear refuses the start,
 * naming its key: the customer's system is told nothing rather than told by a half-configured sender.
 */
public final class WebhookSettings {

    public static final String PREFIX = "voice.webhook.";
    static final int MIN_SECRET_BYTES = 32;

    /** One URL and the channels whose events go to it. */
    public record Target(Url url, List<String> channels) {
    }

    private final Map<String, Url> urlByChannel;
    private final List<Target> targets;
    private final String secret;
    private final String previousSecret;
    private final Duration timeout;
    private final Duration maxAge;
    private final int maxInFlight;
    private final Duration retryDelay;
    private final Duration retryMaxDelay;

    private WebhookSettings(Map<String, Url> urlByChannel, String secret, String previousSecret, Duration timeout, Duration maxAge,
            int maxInFlight, Duration retryDelay, Duration retryMaxDelay) {
        this.urlByChannel = Map.copyOf(urlByChannel);
        this.secret = secret;
        this.previousSecret = previousSecret;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.maxInFlight = maxInFlight;
        this.retryDelay = retryDelay;
        this.retryMaxDelay = retryMaxDelay;
        Map<String, List<String>> byUrl = new LinkedHashMap<>();
        Map<String, Url> urls = new LinkedHashMap<>();
        for (String channel : Channels.ALL) {
            Url url = urlByChannel.get(channel);
            if (url != null) {
                byUrl.computeIfAbsent(url.full(), k -> new ArrayList<>()).add(channel);
                urls.putIfAbsent(url.full(), url);
            }
        }
        List<Target> all = new ArrayList<>();
        byUrl.forEach((full, channels) -> all.add(new Target(urls.get(full), List.copyOf(channels))));
        this.targets = List.copyOf(all);
    }

    /** The keys a webhook URL may be set under: voice.webhook.url, then voice.webhook.&lt;channel&gt;.url for each channel. */
    public static List<String> urlKeys() {
        List<String> keys = new ArrayList<>(List.of(PREFIX + "url"));
        Channels.ALL.forEach(channel -> keys.add(PREFIX + channel + ".url"));
        return keys;
    }

    public static WebhookSettings from(Function<String, Optional<String>> settings) {
        Optional<Url> everyChannel = url(settings, PREFIX + "url");
        Map<String, Url> byChannel = new LinkedHashMap<>();
        for (String channel : Channels.ALL) {
            Optional<Url> own = url(settings, PREFIX + channel + ".url");
            own.or(() -> everyChannel).ifPresent(url -> byChannel.put(channel, url));
        }
        String secret = text(settings, PREFIX + "secret");
        String previous = text(settings, PREFIX + "previous-secret");
        if (!byChannel.isEmpty()) {
            if (secret == null) {
                throw new IllegalArgumentException(PREFIX + "secret is not set, but a webhook URL is: every event is signed "
                        + "with it (at least " + MIN_SECRET_BYTES + " bytes, e.g. openssl rand -hex 32)");
            }
            strongEnough(PREFIX + "secret", secret);
            if (previous != null) {
                strongEnough(PREFIX + "previous-secret", previous);
            }
        }
        // the defaults are config/application.properties' (one place)
        Duration timeout = millis(settings, PREFIX + "timeout-ms", 100, 120_000);
        Duration maxAge = millis(settings, PREFIX + "max-age-ms", 1_000, Duration.ofDays(7).toMillis());
        int maxInFlight = (int) millis(settings, PREFIX + "max-in-flight", 1, 64).toMillis();
        Duration retryDelay = millis(settings, PREFIX + "retry-delay-ms", 10, Duration.ofHours(1).toMillis());
        Duration retryMaxDelay = millis(settings, PREFIX + "retry-max-delay-ms", retryDelay.toMillis(), Duration.ofHours(6).toMillis());
        return new WebhookSettings(byChannel, secret, previous, timeout, maxAge, maxInFlight, retryDelay, retryMaxDelay);
    }

    private static void strongEnough(String key, String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(key + " is shorter than " + MIN_SECRET_BYTES + " bytes: a receiver could not trust "
                    + "its signature (e.g. openssl rand -hex 32)");
        }
    }

    private static String text(Function<String, Optional<String>> settings, String key) {
        return settings.apply(key).map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static Duration millis(Function<String, Optional<String>> settings, String key, long min, long max) {
        String value = text(settings, key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set (" + min + " to " + max + ")");
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a number (" + min + " to " + max + ")");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(key + " " + number + " is out of range: " + min + " to " + max);
        }
        return Duration.ofMillis(number);
    }

    private static Optional<Url> url(Function<String, Optional<String>> settings, String key) {
        String value = text(settings, key);
        return value == null ? Optional.empty() : Optional.of(Url.parse(key, value));
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** The URL this channel's events go to, if any. */
    public Optional<Url> urlOf(String channel) {
        return Optional.ofNullable(urlByChannel.get(channel));
    }

    public List<String> channels() {
        return Channels.ALL.stream().filter(urlByChannel::containsKey).toList();
    }

    public List<Target> targets() {
        return targets;
    }

    /** The parts of the URLs that may be secrets (query strings, userinfo), for the places that mask every secret. */
    public List<String> secretParts() {
        return targets.stream().flatMap(target -> target.url().secretParts().stream()).toList();
    }

    public String secret() {
        return secret;
    }

    public String previousSecret() {
        return previousSecret;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration maxAge() {
        return maxAge;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** The receivers as a log line shows them: their query strings and userinfo masked. */
    @Override
    public String toString() {
        if (!enabled()) {
            return "off (no voice.webhook.url)";
        }
        StringBuilder text = new StringBuilder();
        for (Target target : targets) {
            text.append(text.length() == 0 ? "" : "; ").append(target.url().masked()).append(" <- ").append(String.join(",", target.channels()));
        }
        return text + " (timeout " + timeout.toMillis() + " ms, at most " + maxInFlight + " in flight per URL, given up after "
                + maxAge + (previousSecret != null ? ", signed with both secrets" : "") + ")";
    }

    /**
     * A receiver's URL: http or https with a host. Its query string and userinfo may carry a token: they are sent (the
     * query as the request's, the userinfo as Basic authentication) but never written to a log, and not to the ledger.
     */
    public record Url(String full, String endpoint, String query, String userInfo) {

        static Url parse(String key, String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(key + " is not a URL (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(key + " must be an http:// or https:// URL, not '" + (scheme.isEmpty() ? "no scheme" : scheme + ":") + "'");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException(key + " names no host");
            }
            if (uri.getFragment() != null) {
                throw new IllegalArgumentException(key + " has a #fragment, which is never sent: leave it out");
            }
            String endpoint = scheme + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            return new Url(value, endpoint, uri.getRawQuery(), uri.getRawUserInfo());
        }

        /** For logs and pages: scheme, host, port and path, the query and userinfo as ****. */
        public String masked() {
            String shown = userInfo == null ? endpoint : endpoint.replaceFirst("://", "://****@");
            return query == null ? shown : shown + "?****";
        }

        /** The parts that may be secrets, for the places that mask every secret (KnownSecrets). */
        public List<String> secretParts() {
            List<String> parts = new ArrayList<>();
            if (query != null) {
                parts.add(query);
            }
            if (userInfo != null) {
                parts.add(userInfo);
            }
            return parts;
        }

        /** The Basic authentication the userinfo asks for, or null. */
        public String basicAuthorization() {
            if (userInfo == null) {
                return null;
            }
            String decoded = java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
            return "Basic " + java.util.Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return masked();
        }
    }
}
