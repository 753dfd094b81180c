package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an engineer edits is what runs: the application reads routes/ from disk, and a route file saved while it
 * runs changes what it does within seconds; a broken edit is refused with the reason and the route before it keeps
 * running.
 */
class RouteReloadTest {

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    @Test
    void aSavedRouteFileRunsAndABrokenOneIsRefusedWhileTheRouteBeforeItKeepsRunning() throws Exception {
        copyTree(Path.of("routes"), home.resolve("routes"));
        copyTree(Path.of("config"), home.resolve("config"));
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.home", home.toString());
        settings.put("voice.routes-reload", "true");
        try (RunningApp app = RunningApp.start(settings)) {
            Path route = home.resolve("routes/api/provider-account-control.camel.yaml");
            String original = Files.readString(route, StandardCharsets.UTF_8);
            assertThat(app.getAsOperator("/api/providers/esms").headers().firstValue("X-Edited")).isEmpty();

            String contentType = "                - setHeader:\n                    name: Content-Type\n"
                    + "                    constant: application/json\n";
            assertThat(original).contains(contentType);
            save(route, original.replace(contentType, contentType
                    + "                - setHeader:\n                    name: X-Edited\n                    constant: \"first\"\n"));
            await().atMost(Duration.ofSeconds(20)).until(() -> app.getAsOperator("/api/providers/esms").headers().firstValue("X-Edited")
                    .orElse("").equals("first"));

            // an endpoint that does not exist: refused, the route as it was goes on
            String edited = Files.readString(route, StandardCharsets.UTF_8);
            save(route, edited.replace("constant: \"first\"", "constant: \"second\"\n                - to: \"nosuchcomponent:x\""));
            await().atMost(Duration.ofSeconds(20)).until(() -> app.log().contains(
                    "Route file provider-account-control.camel.yaml refused: No endpoint could be found for: nosuchcomponent://x"));
            assertThat(app.getAsOperator("/api/providers/esms").headers().firstValue("X-Edited")).contains("first");
            assertThat(app.getAsOperator("/api/providers/esms").statusCode()).isEqualTo(200);

            // YAML that does not parse: refused, the route as it was goes on
            save(route, edited + "\n  : [\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.log().contains(
                    "Route file provider-account-control.camel.yaml refused: while parsing"));
            assertThat(app.getAsOperator("/api/providers/esms").headers().firstValue("X-Edited")).contains("first");
        }
    }

    /** Saved as an editor does: written aside, then put in place in one step. */
    private static void save(Path file, String content) throws Exception {
        Path staged = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A copy of a folder and all it holds (the project's routes/ and config/, to edit in a test). */
    static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
