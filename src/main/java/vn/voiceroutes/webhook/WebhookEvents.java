package vn.voiceroutes.webhook;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.voiceroutes.ledger.WebhookOutbox;
import vn.voiceroutes.sink.CallResults.PublishedResult;

/**
 * What the customer's systems are told, kept in the ledger's webhook outbox before anyone is: call.completed (a
 * call's result, as the topic and the results file have it) and, for a redialled call, call.attempted for each
 * attempt (the last one with the result, the others as they end); campaign.completed once a campaign's calls are all
 * final. Only for the channels a webhook URL is set for.
 */
public class WebhookEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSettings settings;
    private final WebhookOutbox outbox;
    private final vn.voiceroutes.ledger.WebhookAnnouncements announcements;

    public WebhookEvents(WebhookSettings settings, WebhookOutbox outbox, vn.voiceroutes.ledger.WebhookAnnouncements announcements) {
        this.settings = settings;
        this.outbox = outbox;
        this.announcements = announcements;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The results of a batch the results publisher is publishing: kept as events before the batch is marked emitted
     * (a batch published again queues nothing new: same ids).
     */
    public void queueCompleted(List<PublishedResult> batch) throws java.io.IOException {
        if (!settings.enabled()) {
            return;
        }
        List<WebhookOutbox.Event> events = new ArrayList<>();
        for (PublishedResult result : batch) {
            if (settings.urlOf(result.channel()).isEmpty()) {
                continue;
            }
            JsonNode data = JSON.readTree(result.json());
            java.time.OffsetDateTime finishedAt = java.time.OffsetDateTime.parse(data.path("finishedAt").asText());
            events.add(WebhookOutbox.event(WebhookOutbox.CALL_COMPLETED, result.requestId(), result.channel(), data, finishedAt));
            int attempts = data.path("attempts").asInt(1);
            if (attempts > 1) {
                // the last attempt, told as the others were
                int attempt = data.path("attempt").asInt(1);
                com.fasterxml.jackson.databind.node.ObjectNode last = JSON.createObjectNode();
                for (String field : List.of("requestId", "channel", "phone")) {
                    last.set(field, data.get(field));
                }
                last.put("attempt", attempt);
                last.put("attempts", attempts);
                for (String field : List.of("status", "reason", "providerRef", "durationSeconds", "price", "submittedAt", "finishedAt")) {
                    if (data.hasNonNull(field)) {
                        last.set(field, data.get(field));
                    }
                }
                events.add(WebhookOutbox.event(WebhookOutbox.CALL_ATTEMPTED, result.requestId() + "/" + attempt, result.channel(), last, finishedAt));
            }
        }
        outbox.queue(events);
    }

    /** The attempts and campaigns that ended since the last look, each told once; how many events were queued. */
    public int announce() {
        if (!settings.enabled()) {
            return 0;
        }
        return announcements.announceAttempts(settings.channels(), 500) + announcements.announceCampaigns(settings.channels(), 50);
    }
}
