package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camel's tools on the private management port: health for probes (liveness holds while a provider is paused),
 * Jolokia that reads and never writes, the CLI connector's status of the running node; none of them shows a secret.
 */
class ManagementPortTest {

    @TempDir
    Path workDir;

    @Test
    void probesJolokiaAndTheCliConnectorOnTheManagementPortOnly() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.management.tools", "true");
        settings.put("voice.management.cli-connector", "true");
        settings.put("voice.simulator.balance", "0");
        settings.put("voice.pause.probe-ms", "600000");
        Path status = Path.of(System.getProperty("user.home"), ".camel", ProcessHandle.current().pid() + "-status.json");
        Instant started = Instant.now();
        try (RunningApp app = RunningApp.start(settings)) {
            int port = Integer.parseInt(app.setting("camel.management.port"));
            // bound to loopback: another address of this machine does not reach it
            Optional<InetAddress> other = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
            if (other.isPresent()) {
                assertThat(connects(other.get(), port)).as("management port on " + other.get()).isFalse();
                assertThat(connects(other.get(), Integer.parseInt(app.setting("camel.server.port")))).as("business port").isTrue();
            }

            // eSMS answers 103 (balance too low): dispatch paused, the node alive and ready, readiness says why
            drop(workDir, "esms-record", "low.csv", "phone,requestId\n0912900001,mgmt-1\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.pausedOnReadiness("esms-account"));
            assertThat(app.management("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(app.management("/observe/health/ready").statusCode()).isEqualTo(200);
            JsonNode paused = app.readinessCheck("esms-account");
            assertThat(paused.get("message").asText()).contains("(103)");
            assertThat(app.management("/observe/health").statusCode()).isEqualTo(200);

            // Jolokia reads Camel's MBeans (what Hawtio shows), and refuses writes and operations
            JsonNode routes = jolokia(app, "/observe/jolokia/read/org.apache.camel:context=voice-routes,type=routes,name=*/State");
            assertThat(routes.path("status").asInt()).isEqualTo(200);
            assertThat(routes.path("value").toString()).contains("esms-record-file").contains("Started");
            String context = "org.apache.camel:context=voice-routes,type=context,name=%22voice-routes%22";
            JsonNode write = jolokia(app, "/observe/jolokia/write/" + context + "/Tracing/true");
            assertThat(write.path("status").asInt()).isEqualTo(403);
            JsonNode exec = jolokia(app, "/observe/jolokia/exec/" + context + "/stop");
            assertThat(exec.path("status").asInt()).isEqualTo(403);
            HttpResponse<String> postedWrite = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/observe/jolokia")).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"write\",\"mbean\":\"org.apache.camel:context=voice-routes,"
                            + "type=context,name=\\\"voice-routes\\\"\",\"attribute\":\"Tracing\",\"value\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Fixtures.JSON.readTree(postedWrite.body()).path("status").asInt()).isEqualTo(403);
            assertThat(app.context().isTracing()).isFalse();
            assertThat(app.context().getStatus().isStarted()).isTrue();
            // the JVM's arguments and system properties may hold secrets given as -D
            assertThat(jolokia(app, "/observe/jolokia/read/java.lang:type=Runtime/SystemProperties").path("status").asInt()).isEqualTo(403);

            // the CLI connector's status of this node (what `camel get` reads), refreshed every second
            // (its processors say "Started" while the routes still start: the route itself, started, is awaited)
            String statusFile = await().atMost(Duration.ofSeconds(30)).until(() -> {
                String text = Fixtures.cliStatus(status, started);
                return !text.isEmpty() && java.util.stream.StreamSupport.stream(Fixtures.JSON.readTree(text).path("routes").spliterator(), false)
                        .anyMatch(route -> "esms-record-file".equals(route.path("routeId").asText())
                                && "Started".equals(route.path("state").asText())) ? text : "";
            }, text -> !text.isEmpty());
            JsonNode node = Fixtures.JSON.readTree(statusFile);
            assertThat(node.path("context").path("name").asText()).isEqualTo("voice-routes");
            // with Camel's MBeans on, the routes and their statistics (camel get route, camel top)
            assertThat(node.path("routes").toString()).contains("esms-record-file");

            // no secret in what these tools show (Camel's properties console showed them in clear: masked now)
            String camelMBeans = app.management("/observe/jolokia/read/org.apache.camel:*").body();
            assertThat(camelMBeans).contains("esms-record-file");
            assertThat(statusFile).contains("esms.secret-key");
            for (String secret : List.of(RunningApp.API_KEY, RunningApp.SECRET_KEY, RunningApp.ADMIN_TOKEN, "sim-vbot-password",
                    Files.readString(workDir.resolve("data/esms-callback-token")).trim(),
                    Files.readString(workDir.resolve("data/vbot-webhook-token")).trim(), app.brokerPassword())) {
                assertThat(statusFile).as("CLI status").doesNotContain(secret);
                assertThat(camelMBeans).as("Jolokia").doesNotContain(secret);
            }
        }
    }

    private static JsonNode jolokia(RunningApp app, String path) throws IOException, InterruptedException {
        return Fixtures.JSON.readTree(app.management(path).body());
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
