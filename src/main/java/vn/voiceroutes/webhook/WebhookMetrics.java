package vn.voiceroutes.webhook;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

import vn.voiceroutes.ledger.WebhookOutbox;

/**
 * The webhook backlog on /observe/metrics: voice_webhook_backlog (events not delivered yet, every node's),
 * voice_webhook_oldest_undelivered_seconds (how long the oldest has waited) and voice_webhook_dead (given up on).
 * Read from the ledger at most once a second whatever scrapes them; a ledger that cannot be read shows NaN. Held
 * strongly: Micrometer holds a gauge's object weakly, and this one has no other holder (the gauges went NaN).
 */
public final class WebhookMetrics {

    private static final long FRESH_MS = 1000;

    private WebhookMetrics() {
    }

    public static void register(CamelContext context, WebhookOutbox outbox) {
        PrometheusMeterRegistry metrics = CamelContextHelper.findSingleByType(context, PrometheusMeterRegistry.class);
        if (metrics == null) {
            return;
        }
        Cached backlog = new Cached(outbox);
        Gauge.builder("voice.webhook.backlog", backlog, b -> b.read().map(WebhookOutbox.Backlog::pending).map(Number::doubleValue).orElse(Double.NaN))
                .description("Webhook events not delivered yet").strongReference(true).register(metrics);
        Gauge.builder("voice.webhook.oldest.undelivered", backlog, b -> b.read().map(WebhookOutbox.Backlog::oldestSeconds).orElse(Double.NaN))
                .baseUnit("seconds").description("How long the oldest webhook event not delivered yet has waited").strongReference(true)
                .register(metrics);
        Gauge.builder("voice.webhook.dead", backlog, b -> b.read().map(WebhookOutbox.Backlog::dead).map(Number::doubleValue).orElse(Double.NaN))
                .description("Webhook deliveries given up on (listed and replayed from /api/webhooks)").strongReference(true)
                .register(metrics);
    }

    private static final class Cached {
        private final WebhookOutbox outbox;
        private final AtomicReference<Object[]> last = new AtomicReference<>();

        Cached(WebhookOutbox outbox) {
            this.outbox = outbox;
        }

        java.util.Optional<WebhookOutbox.Backlog> read() {
            Object[] seen = last.get();
            long now = System.currentTimeMillis();
            if (seen != null && now - (long) seen[0] < FRESH_MS) {
                return java.util.Optional.ofNullable((WebhookOutbox.Backlog) seen[1]);
            }
            WebhookOutbox.Backlog backlog;
            try {
                backlog = outbox.backlog();
            } catch (RuntimeException e) {
                backlog = null;
            }
            last.set(new Object[] {now, backlog});
            return java.util.Optional.ofNullable(backlog);
        }
    }
}
