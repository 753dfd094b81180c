package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.drop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replacement of the Do-Not-Call register cannot empty it by mistake: a replace... file with no valid number
 * emptied the whole register, and the next advertising call to a formerly listed number went out (Decree 91 fines).
 * Now such a file, or one that would take more than voice.compliance.replace-max-removal-percent off the register, is
 * refused with its reason and the register stays as it was; replace-force... is obeyed, and undo-replace... puts the
 * register back as it was before the last replacement.
 */
class DoNotCallReplacementTest {

    @TempDir
    Path workDir;

    @Test
    void aReplacementThatWouldEmptyOrGutTheRegisterIsRefusedAndOneCanBeUndone() throws Exception {
        Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.compliance.max-advertising-calls-per-24h", "1");
        try (RunningApp app = RunningApp.start(settings)) {
            StringBuilder register = new StringBuilder("phone\n");
            for (int i = 1; i <= 10; i++) {
                register.append(String.format("09124000%02d%n", i));
            }
            // a formula in a line that is no number: written into the error file as text, never as a formula
            register.append("=HYPERLINK(\"http://x.example\",\"open\")\n");
            drop(workDir, "do-not-call", "register.csv", register.toString());
            awaitDone(workDir, "do-not-call", "register.csv");
            assertThat(registerSize(app)).isEqualTo("10");
            assertThat(Files.readString(workDir.resolve("errors/do-not-call/register.csv.errors.csv"), StandardCharsets.UTF_8))
                    .contains("'=HYPERLINK").doesNotContain(",=HYPERLINK");

            // no valid number: refused, the register as it was
            drop(workDir, "do-not-call", "replace-2026-12.txt", "phone\nnot-a-number\n");
            awaitFailed(workDir, "replace-2026-12.txt");
            assertThat(Files.readString(workDir.resolve("errors/do-not-call/replace-2026-12.txt.errors.csv"), StandardCharsets.UTF_8))
                    .contains("holds no valid number").contains("left as it was").contains("not-a-number");
            assertThat(registerSize(app)).isEqualTo("10");
            // an advertising call to a listed number is still refused
            drop(workDir, "esms-record", "ads.csv", "phone,requestId\n0912400001,dnc-ads-1\n");
            awaitDone(workDir, "esms-record", "ads.csv");
            assertThat(Fixtures.single(app.dataSource(), "select status from call_request where request_id = 'dnc-ads-1'")).isEqualTo("REJECTED");

            // 8 of 10 off the register (80% > 20%): refused
            drop(workDir, "do-not-call", "replace-short.txt", "0912400001\n0912400002\n");
            awaitFailed(workDir, "replace-short.txt");
            assertThat(Files.readString(workDir.resolve("errors/do-not-call/replace-short.txt.errors.csv"), StandardCharsets.UTF_8))
                    .contains("would take 8 of the register's 10 numbers off it");
            assertThat(registerSize(app)).isEqualTo("10");

            // forced: obeyed; then undone: the ten are back
            drop(workDir, "do-not-call", "replace-force-short.txt", "0912400001\n0912400002\n");
            awaitDone(workDir, "do-not-call", "replace-force-short.txt");
            assertThat(registerSize(app)).isEqualTo("2");
            drop(workDir, "do-not-call", "undo-replace.txt", "");
            awaitDone(workDir, "do-not-call", "undo-replace.txt");
            assertThat(registerSize(app)).isEqualTo("10");
            assertThat(Fixtures.column(app.dataSource(), "select action from suppression_change where phone = '*' order by id"))
                    .containsExactly("import", "replace", "undo");
        }
    }

    private static String registerSize(RunningApp app) throws Exception {
        return Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone where list = 'do-not-call'");
    }

    private static void awaitFailed(Path workDir, String name) {
        Path failed = workDir.resolve("inbox/do-not-call/.failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(failed)
                && Fixtures.list(failed).stream().anyMatch(p -> p.getFileName().toString().endsWith("-" + name)));
    }
}
