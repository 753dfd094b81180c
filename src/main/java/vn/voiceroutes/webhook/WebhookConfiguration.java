package vn.voiceroutes.webhook;

import java.time.ZoneId;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.ledger.LedgerDatabase;
import vn.voiceroutes.ledger.WebhookAnnouncements;
import vn.voiceroutes.ledger.WebhookOutbox;

/**
 * The webhook sink's beans (README "Webhooks"): webhookEvents (what is told), webhookDeliveries (how it is sent),
 * webhookHttpClient and webhookThreads for the requests; and, once the context runs, one delivery route per URL
 * from the template webhook-target (routes/sinks/webhook-delivery.camel.yaml) and the backlog gauges.
 */
public final class WebhookConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfiguration.class);

    private WebhookConfiguration() {
    }

    /**
     * The outbox: a delivery's claim outlasts its request (voice.webhook.timeout-ms) before another node sends it
     * again, unless its node stopped beating (three voice.nodes.heartbeat-ms).
     */
    public static WebhookOutbox outbox(WebhookSettings webhooks, LedgerDatabase ledger, java.time.Duration heartbeat) {
        return new WebhookOutbox(ledger, webhooks.maxAge(), webhooks.timeout().plusSeconds(30), heartbeat.multipliedBy(3));
    }

    public static void bind(CamelContext context, WebhookSettings webhooks, LedgerDatabase ledger, WebhookOutbox outbox, ZoneId zone)
            throws Exception {
        LOG.info("Webhooks: {}", webhooks);
        Registry registry = context.getRegistry();
        registry.bind("webhookEvents", new WebhookEvents(webhooks, outbox, new WebhookAnnouncements(ledger, outbox, webhooks.maxAge(), zone)));
        registry.bind("webhookDeliveries", new WebhookDeliveries(webhooks, outbox,
                new WebhookSignatures(webhooks.secret(), webhooks.previousSecret(), java.time.Clock.systemUTC())));
        if (!webhooks.enabled()) {
            return;
        }
        registry.bind("webhookHttpClient", new WebhookHttpClient(webhooks.timeout(), webhooks.maxInFlight()));
        registry.bind("webhookThreads", context.getExecutorServiceManager().newFixedThreadPool(webhooks, "webhook",
                webhooks.maxInFlight() * webhooks.targets().size()));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                WebhookMetrics.register(ctx, outbox);
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                // routes added once the context runs start at once (added while it starts, they would not)
                for (int target = 0; target < webhooks.targets().size(); target++) {
                    try {
                        TemplatedRouteBuilder.builder(ctx, "webhook-target").parameter("target", String.valueOf(target))
                                .routeId("webhook-target-" + target).add();
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("The webhook route for " + webhooks.targets().get(target).url().masked()
                                + " cannot be made from routes/sinks/webhook-delivery.camel.yaml: " + e.getMessage(), e);
                    }
                }
            }
        });
    }
}
