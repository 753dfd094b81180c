package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.jms.Session;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With voice.tracing.enabled, Camel's spans go over OTLP to a real HTTP receiver (standing in for a collector), and a
 * call's spans carry its RequestId: its queue message, its dispatch to eSMS and eSMS's callback can be found by it.
 */
class TracingTest {

    @TempDir
    Path workDir;

    @Test
    void aCallsSpansCarryItsRequestIdFromIntakeToCallback() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.write(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            Map<String, String> settings = RunningApp.defaults(workDir);
            settings.put("voice.tracing.enabled", "true");
            settings.put("voice.tracing.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort());
            settings.put("voice.tracing.export-delay-ms", "200");
            try (RunningApp app = RunningApp.start(settings)) {
                Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("voice.esms-record"))
                        .send(session.createTextMessage("{\"phone\":\"0912800001\",\"requestId\":\"traced-call-1\"}"));
                await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "traced-call-1").size() == 1);
                // OTLP's protobuf holds attribute values as plain UTF-8: each span names it twice (its attribute, its event)
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(occurrences(received, "traced-call-1"))
                        .as(() -> "RequestId in " + text(received).length() + " bytes of spans, around it: " + around(received, "traced-call-1"))
                        .isGreaterThanOrEqualTo(6));
                String spans = text(received);
                assertThat(spans).contains("voice.request_id").contains("voice-routes")
                        .contains("voice.esms-record").contains("callbacks/esms").contains("MakeCallRecord_V2");
                // the spans carry no secret: the callback's token, the keys
                assertThat(spans).doesNotContain(RunningApp.SECRET_KEY).doesNotContain(RunningApp.API_KEY)
                        .doesNotContain(java.nio.file.Files.readString(workDir.resolve("data/esms-callback-token")).trim());
            }
        } finally {
            collector.stop(0);
        }
    }

    private static String text(ByteArrayOutputStream received) {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String around(ByteArrayOutputStream received, String what) {
        String all = text(received);
        StringBuilder out = new StringBuilder();
        for (int i = all.indexOf(what); i >= 0; i = all.indexOf(what, i + 1)) {
            out.append(all.substring(Math.max(0, i - 300), i).replaceAll("[^\\x20-\\x7e]", ".")).append("|\n");
        }
        return out.toString();
    }

    private static int occurrences(ByteArrayOutputStream received, String what) {
        String all = text(received);
        int count = 0;
        for (int i = all.indexOf(what); i >= 0; i = all.indexOf(what, i + 1)) {
            count++;
        }
        return count;
    }
}
