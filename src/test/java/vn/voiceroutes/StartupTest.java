package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses configurations that would run wrong rather than fail later. */
class StartupTest {

    @TempDir
    Path workDir;

    @Test
    void aBrokerPortTakenByAnotherProcessStopsTheStartWithTheReason() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            settings.put("voice.broker.port", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> RunningApp.start(settings))
                    .hasStackTraceContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    /**
     * A business or management port another process holds refuses the start, naming it (Camel's Vert.x server logged
     * it and the node ran on without taking a callback or answering a probe). Held on 127.0.0.1, as a test's own
     * HTTP server holds its port; the business server binds 0.0.0.0.
     */
    @Test
    void aBusinessOrManagementPortTakenByAnotherProcessStopsTheStartNamingIt() throws Exception {
        for (String key : java.util.List.of("camel.server.port", "camel.management.port")) {
            Map<String, String> settings = RunningApp.defaults(workDir.resolve(key));
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                settings.put(key, Integer.toString(taken.getLocalPort()));
                assertThatThrownBy(() -> RunningApp.startOnce(settings)).as(key)
                        .hasStackTraceContaining(":" + taken.getLocalPort() + " is not listening");
            }
        }
    }

    @Test
    void theProductionProfileRefusesTheSimulator() {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("camel.main.profile", "prod");
        settings.put("voice.simulator.enabled", "true");
        assertThatThrownBy(() -> RunningApp.start(settings))
                .hasStackTraceContaining("voice.simulator.enabled=true is refused");
    }

    @Test
    void theProductionProfileRefusesTheEmbeddedDatabaseAndBrokerAndPlainHttpPublicAndWebhookUrls() {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("camel.main.profile", "prod");
        settings.put("voice.simulator.enabled", "false");
        settings.remove("voice.db.url");
        settings.put("voice.public-url", "http://voice.example.vn");
        settings.put("voice.webhook.esms-otp.url", "http://crm.example.vn/in");
        assertThatThrownBy(() -> RunningApp.start(settings))
                .hasStackTraceContaining("voice.db.url is not set")
                .hasStackTraceContaining("voice.broker.url is not set")
                .hasStackTraceContaining("voice.public-url must be an https:// URL")
                .hasStackTraceContaining("voice.webhook.esms-otp.url must be an https:// URL");
        // nothing was started: no embedded database was made in the work folder
        org.assertj.core.api.Assertions.assertThat(workDir.resolve("data/postgres")).doesNotExist();
    }

    /** Any admin token was taken, even one character, on a port that faces the internet. */
    @Test
    void anAdminTokenShorterThan32CharactersStopsTheStart() {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.admin-token", "x");
        assertThatThrownBy(() -> RunningApp.start(settings)).hasStackTraceContaining("voice.admin-token has 1 characters: at least 32");
    }

    /** The embedded broker on a non-loopback address is reached by other machines: not with a generated password. */
    @Test
    void anEmbeddedBrokerBeyondLoopbackNeedsConfiguredCredentials() {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.broker.host", "0.0.0.0");
        assertThatThrownBy(() -> RunningApp.start(settings)).hasStackTraceContaining("voice.broker.host=0.0.0.0 opens the embedded broker");
    }

    /**
     * A typo in a channel's settings (a default for a parameter it does not have, a purpose that is none) failed every
     * record at run time; it refuses the start now, naming the route and the key.
     */
    @Test
    void aTypoInAChannelsSettingsStopsTheStartNamingTheKey(@TempDir Path home) throws Exception {
        RouteReloadTest.copyTree(Path.of("routes"), home.resolve("routes"));
        RouteReloadTest.copyTree(Path.of("config"), home.resolve("config"));
        Path route = home.resolve("routes/sources/esms-template.camel.yaml");
        String file = java.nio.file.Files.readString(route);
        org.assertj.core.api.Assertions.assertThat(file).contains("name: default.voice", "constant: advertising");
        java.nio.file.Files.writeString(route, file.replace("name: default.voice", "name: default.vocie")
                .replace("constant: advertising", "constant: advertsing"));
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.home", home.toString());
        assertThatThrownBy(() -> RunningApp.start(settings))
                .hasStackTraceContaining("route esms-template-settings: default.vocie is a default for vocie, which is no parameter of esms-template")
                .hasStackTraceContaining("route esms-template-settings: voicePurpose is 'advertsing'");
    }
}
