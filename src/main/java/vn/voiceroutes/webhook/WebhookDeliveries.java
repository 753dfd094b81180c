package vn.voiceroutes.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.ledger.WebhookOutbox;
import vn.voiceroutes.ledger.WebhookOutbox.Delivery;

/**
 * How events are delivered (routes/sinks/webhook-delivery.camel.yaml): the due deliveries of one URL claimed from the
 * outbox, each request's endpoint, query, authentication and signature, and what its answer means. HTTP 2xx:
 * delivered. 5xx, 408, 429, a timeout or a connection that fails: tried again after a backoff (doubling from
 * voice.webhook.retry-delay-ms up to voice.webhook.retry-max-delay-ms, no sooner than a Retry-After asks) until
 * voice.webhook.max-age-ms, then dead. Any other answer (4xx, 3xx): dead at once, with the receiver's answer.
 */
public class WebhookDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);

    /** The outcomes voice_webhook_deliveries_total{status} counts. */
    public static final String DELIVERED = "delivered";
    public static final String RETRIED = "retried";
    public static final String DEAD = "dead";

    private static final int ANSWER_KEPT = 300;

    private final WebhookSettings settings;
    private final WebhookOutbox outbox;
    private final WebhookSignatures signatures;

    public WebhookDeliveries(WebhookSettings settings, WebhookOutbox outbox, WebhookSignatures signatures) {
        this.settings = settings;
        this.outbox = outbox;
        this.signatures = signatures;
    }

    /** The delivery slots of one URL, each a loop of its own (voice.webhook.max-in-flight): 0, 1, ... */
    public List<Integer> slots() {
        return java.util.stream.IntStream.range(0, settings.maxInFlight()).boxed().toList();
    }

    /** The next due delivery of the target with this index (WebhookSettings.targets) if a slot of it is free: 0 or 1. */
    public List<Delivery> claim(int target) {
        WebhookSettings.Target to = settings.targets().get(target);
        return outbox.claim(to.url().full(), to.channels(), settings.maxInFlight(), 1);
    }

    /** The URL as its target's log lines show it (query and userinfo masked). */
    public String shown(int target) {
        return settings.targets().get(target).url().masked();
    }

    /** The camel-http endpoint a channel's events go to: the URL without its query and userinfo, and our client. */
    public String endpoint(String channel) {
        return url(channel).endpoint() + "?httpMethod=POST&throwExceptionOnFailure=false&followRedirects=false"
                + "&httpClientConfigurer=#webhookHttpClient";
    }

    /** The URL's own query string (sent as the request's), or null. */
    public String query(String channel) {
        return url(channel).query();
    }

    /** Basic authentication from the URL's userinfo, or null. */
    public String authorization(String channel) {
        return url(channel).basicAuthorization();
    }

    public String sign(String body) {
        return signatures.sign(body);
    }

    private WebhookSettings.Url url(String channel) {
        return settings.urlOf(channel).orElseThrow(() -> new IllegalStateException("No webhook URL for " + channel));
    }

    /**
     * GET /api/webhooks: whether webhooks are on, each URL (masked) with its channels, the backlog (not delivered yet,
     * the oldest's age, dead) and the newest dead deliveries with the receiver's last answer.
     */
    public java.util.Map<String, Object> overview() {
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("enabled", settings.enabled());
        List<java.util.Map<String, Object>> receivers = new java.util.ArrayList<>();
        for (WebhookSettings.Target target : settings.targets()) {
            receivers.add(java.util.Map.of("url", target.url().masked(), "channels", target.channels()));
        }
        answer.put("receivers", receivers);
        WebhookOutbox.Backlog backlog = outbox.backlog();
        answer.put("pending", backlog.pending());
        answer.put("oldestPendingSeconds", Math.round(backlog.oldestSeconds()));
        answer.put("deadCount", backlog.dead());
        answer.put("dead", outbox.deadDeliveries(100));
        return answer;
    }

    /** The receiver answered: delivered, retried or dead (what voice_webhook_deliveries_total counts it as). */
    public String answered(Delivery delivery, Integer status, String answer, String retryAfter) {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            outbox.delivered(delivery.id(), code);
            return DELIVERED;
        }
        String said = "HTTP " + code + (answer == null || answer.isBlank() ? "" : ": " + shorten(answer));
        if (code >= 500 || code == 408 || code == 429) {
            return retry(delivery, code, said, retryAfterOf(retryAfter));
        }
        outbox.dead(delivery.id(), code, said);
        LOG.warn("Webhook event {} ({}) to {} refused for good, kept as a dead delivery: {}", delivery.eventId(), delivery.type(),
                url(delivery.channel()).masked(), said);
        return DEAD;
    }

    /** No answer: the connection failed or timed out. Retried, or dead once too old. */
    public String failed(Delivery delivery, String error) {
        return retry(delivery, null, "no answer: " + shorten(String.valueOf(error)), null);
    }

    private String retry(Delivery delivery, Integer code, String said, Duration retryAfter) {
        Duration delay = backoff(delivery.tries(), retryAfter);
        if (outbox.retryLater(delivery.id(), code, said, delay)) {
            LOG.debug("Webhook event {} to {} tried again in {} ms: {}", delivery.eventId(), url(delivery.channel()).masked(), delay.toMillis(), said);
            return RETRIED;
        }
        LOG.warn("Webhook event {} ({}) to {} not delivered within voice.webhook.max-age-ms, kept as a dead delivery: {}",
                delivery.eventId(), delivery.type(), url(delivery.channel()).masked(), said);
        return DEAD;
    }

    /** Doubling from retry-delay-ms per try, up to retry-max-delay-ms, a tenth of jitter; no sooner than Retry-After. */
    Duration backoff(int tries, Duration retryAfter) {
        long base = settings.retryDelay().toMillis();
        long max = settings.retryMaxDelay().toMillis();
        long delay = base << Math.min(Math.max(tries - 1, 0), 20);
        delay = Math.min(delay, max);
        delay += ThreadLocalRandom.current().nextLong(Math.max(delay / 10, 1));
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), max));
        }
        return Duration.ofMillis(delay);
    }

    /** Retry-After in seconds (RFC 9110 also allows a date: taken as no advice). */
    static Duration retryAfterOf(String value) {
        if (value == null || !value.strip().matches("[0-9]{1,6}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(value.strip()));
    }

    private static String shorten(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= ANSWER_KEPT ? one : one.substring(0, ANSWER_KEPT) + "...";
    }
}
