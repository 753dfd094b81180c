package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.WebhookReceiver.Request;

/**
 * Outcomes pushed to the customer's own HTTP receiver (a real server on loopback), as its system sees them: every
 * call's result and the campaign's counts, each signed with the secret and, while it is rotated, the previous one;
 * a receiver that fails at first, refuses for good, or is down while calls finish loses nothing.
 */
class WebhooksTest {

    static final String SECRET = "whsec-0123456789abcdef0123456789abcdef";
    static final String PREVIOUS = "whsec-old-fedcba9876543210fedcba987654";
    static final String RECEIVER_TOKEN = "rcv-token-5f2a9c";

    @TempDir
    Path workDir;

    @Test
    void aReceiverThatFailsAtFirstGetsEveryResultAndTheCampaignSignedAndLosesNothingWhileDown() throws Exception {
        long logStart = RunningApp.logLength();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(n -> n <= 3 ? 503 : 200);
            Map<String, String> settings = RunningApp.defaults(workDir);
            settings.put("voice.webhook.url", receiver.url("/hooks?token=" + RECEIVER_TOKEN));
            settings.put("voice.webhook.secret", SECRET);
            settings.put("voice.webhook.previous-secret", PREVIOUS);
            settings.put("voice.webhook.retry-delay-ms", "100");
            settings.put("voice.webhook.retry-max-delay-ms", "400");
            settings.put("voice.webhook.poll-ms", "100");
            settings.put("voice.webhook.events-ms", "200");
            settings.put("voice.webhook.timeout-ms", "1000");
            try (RunningApp app = RunningApp.start(settings)) {
                StringBuilder rows = new StringBuilder("phone,requestId\n");
                for (int i = 1; i <= 50; i++) {
                    rows.append(String.format("09139100%02d,hook-%02d%n", i, i));
                }
                drop(workDir, "esms-record", "hooks.csv", rows.toString());
                await().atMost(Duration.ofSeconds(60)).until(() -> ids(receiver.delivered(), "call.completed").size() == 50
                        && ids(receiver.delivered(), "campaign.completed").size() == 1);

                List<JsonNode> results = Fixtures.resultsForFile(workDir, "hooks.csv");
                assertThat(results).hasSize(50);
                Map<String, String> statusById = results.stream().collect(Collectors.toMap(r -> r.get("requestId").asText(), r -> r.get("status").asText()));
                com.networknt.schema.Schema eventSchema = schema("schemas/webhook-event.schema.json");
                com.networknt.schema.Schema resultSchema = schema("schemas/call-result.schema.json");
                for (Request request : receiver.delivered()) {
                    assertThat(eventSchema.validate(request.body(), com.networknt.schema.InputFormat.JSON)).as(request.body()).isEmpty();
                }
                List<Request> completed = receiver.delivered().stream().filter(r -> "call.completed".equals(r.type())).toList();
                assertThat(completed).hasSize(50); // none sent again once the receiver said 200
                for (Request request : completed) {
                    JsonNode event = Fixtures.JSON.readTree(request.body());
                    assertThat(event.get("id").asText()).isEqualTo(request.eventId());
                    assertThat(event.get("type").asText()).isEqualTo("call.completed");
                    assertThat(event.get("createdAt").asText()).isNotBlank();
                    JsonNode data = event.get("data");
                    assertThat(resultSchema.validate(data.toString(), com.networknt.schema.InputFormat.JSON)).as(data.toString()).isEmpty();
                    assertThat(data.get("status").asText()).isEqualTo(statusById.get(data.get("requestId").asText()));
                    // the very result the file and the topic have
                    assertThat(data).isEqualTo(results.stream().filter(r -> r.get("requestId").equals(data.get("requestId"))).findFirst().orElseThrow());
                    assertThat(data.get("channel").asText()).isEqualTo("esms-record");
                    // a receiver that knows either secret verifies every event (rotation)
                    assertThat(WebhookReceiver.signedWith(request, SECRET)).as("signed with the secret").isTrue();
                    assertThat(WebhookReceiver.signedWith(request, PREVIOUS)).as("signed with the previous secret").isTrue();
                    assertThat(WebhookReceiver.signedWith(request, "whsec-someone-else-0123456789abcdef")).isFalse();
                    assertThat(request.path()).isEqualTo("/hooks");
                    assertThat(request.query()).isEqualTo("token=" + RECEIVER_TOKEN);
                    assertThat(request.header("Content-Type")).startsWith("application/json");
                }
                // the three the receiver failed were sent again under the same event ids
                List<Request> failed = receiver.requests().stream().filter(r -> r.answered() == 503).toList();
                assertThat(failed).hasSize(3);
                assertThat(ids(receiver.delivered(), null)).containsAll(failed.stream().map(Request::eventId).toList());
                for (Request first : failed) {
                    Request again = receiver.delivered().stream().filter(r -> r.eventId().equals(first.eventId())).findFirst().orElseThrow();
                    assertThat(again.body()).isEqualTo(first.body());
                }

                // the campaign: once, with its counts by status and its report
                Request campaign = receiver.delivered().stream().filter(r -> "campaign.completed".equals(r.type())).findFirst().orElseThrow();
                assertThat(WebhookReceiver.signedWith(campaign, SECRET)).isTrue();
                JsonNode data = Fixtures.JSON.readTree(campaign.body()).get("data");
                Map<String, Long> expected = statusById.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
                Map<String, Long> told = new HashMap<>();
                data.get("counts").fields().forEachRemaining(e -> told.put(e.getKey(), e.getValue().asLong()));
                assertThat(told).isEqualTo(expected);
                assertThat(data.get("calls").asInt()).isEqualTo(50);
                assertThat(data.get("state").asText()).isEqualTo("COMPLETED");
                assertThat(data.get("name").asText()).isEqualTo("hooks.csv");
                String report = data.get("report").asText();
                assertThat(report).startsWith("/api/batches/").endsWith("/report");
                await().atMost(Duration.ofSeconds(10)).until(() -> app.getAsOperator(report).statusCode() == 200);

                // a receiver refusing for good (410): dead at once with its answer, listed; sent again on replay
                receiver.answer(n -> 410);
                drop(workDir, "esms-record", "gone.csv", "phone,requestId\n0913910101,gone-1\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> overview(app).get("deadCount").asInt() == 2);
                JsonNode overview = overview(app);
                assertThat(overview.get("pending").asInt()).isZero();
                assertThat(overview.get("receivers").get(0).get("url").asText()).isEqualTo(receiver.url("/hooks?****"));
                assertThat(overview.toString()).doesNotContain(RECEIVER_TOKEN).doesNotContain(SECRET);
                assertThat(overview.get("dead")).allSatisfy(dead -> {
                    assertThat(dead.get("lastStatus").asInt()).isEqualTo(410);
                    assertThat(dead.get("lastError").asText()).contains("receiver says 410");
                    assertThat(dead.get("tries").asInt()).isEqualTo(1);
                });
                int before = receiver.requests().size();
                receiver.answer(n -> 200);
                assertThat(app.post("/api/webhooks/all/replay").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> overview(app).get("deadCount").asInt() == 0
                        && receiver.delivered().stream().anyMatch(r -> r.n() > before && r.body().contains("gone-1")));
                assertThat(app.post("/api/webhooks/00000000-0000-0000-0000-000000000000/replay").statusCode()).isEqualTo(404);
                assertThat(app.post("/api/webhooks/nonsense/replay").statusCode()).isEqualTo(400);

                // the receiver down while 20 calls finish: every result reaches it once it is back
                receiver.down();
                StringBuilder more = new StringBuilder("phone,requestId\n");
                for (int i = 1; i <= 20; i++) {
                    more.append(String.format("09139200%02d,down-%02d%n", i, i));
                }
                drop(workDir, "esms-record", "down.csv", more.toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.resultsForFile(workDir, "down.csv").size() == 20);
                await().atMost(Duration.ofSeconds(10)).until(() -> overview(app).get("pending").asInt() >= 20);
                assertThat(overview(app).get("oldestPendingSeconds").asLong()).isGreaterThanOrEqualTo(0);
                System.gc(); // the gauges' object is held by them alone: it used to be collected, and they showed NaN
                String metrics = app.management("/observe/metrics").body();
                String backlog = metrics.lines().filter(line -> line.startsWith("voice_webhook_backlog")).findFirst().orElseThrow();
                assertThat(Double.parseDouble(backlog.substring(backlog.lastIndexOf(' ') + 1))).as(backlog).isGreaterThanOrEqualTo(20);
                assertThat(metrics).contains("voice_webhook_deliveries_total{", "status=\"retried\"", "status=\"delivered\"", "status=\"dead\"")
                        .contains("voice_webhook_backlog").contains("voice_webhook_oldest_undelivered_seconds");
                receiver.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().stream()
                        .filter(r -> "call.completed".equals(r.type()) && r.body().contains("\"down-")).map(Request::eventId)
                        .collect(Collectors.toSet()).size() == 20);

                // a receiver slower than voice.webhook.timeout-ms: given up on, sent again (same id), until it answers in time
                receiver.delay(Duration.ofMillis(1500));
                int sent = receiver.requests().size();
                drop(workDir, "esms-record", "slow.csv", "phone,requestId\n0913930001,slow-1\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().stream()
                        .filter(r -> r.n() > sent && r.body().contains("slow-1") && "call.completed".equals(r.type())).count() >= 2);
                receiver.delay(Duration.ZERO);
                await().atMost(Duration.ofSeconds(30)).until(() -> overview(app).get("pending").asInt() == 0);
                assertThat(receiver.requests().stream().filter(r -> r.n() > sent && r.body().contains("slow-1")
                        && "call.completed".equals(r.type())).map(Request::eventId).distinct()).hasSize(1);
            }
        }
        String log = RunningApp.logSince(logStart); // with the stop's lines
        assertThat(log).doesNotContain(SECRET).doesNotContain(PREVIOUS).doesNotContain(RECEIVER_TOKEN);
    }

    static com.networknt.schema.Schema schema(String path) throws java.io.IOException {
        return com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of(path), StandardCharsets.UTF_8), com.networknt.schema.InputFormat.JSON);
    }

    private static Set<String> ids(List<Request> requests, String type) {
        return requests.stream().filter(r -> type == null || type.equals(r.type())).map(Request::eventId).collect(Collectors.toSet());
    }

    private static JsonNode overview(RunningApp app) throws Exception {
        return Fixtures.JSON.readTree(app.getAsOperator("/api/webhooks").body());
    }
}
