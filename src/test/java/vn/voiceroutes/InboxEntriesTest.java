package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbox takes regular files only, and says nothing of what a file holds until it has shown it is a call list. A
 * symbolic link to a file only the application could read had that file read, its lines quoted into errors/ and the
 * log; a fifo would hold the inbox's reader forever.
 */
class InboxEntriesTest {

    private static final String SECRET = "root:$6$Zk81tQ-secret-hash:19000:0:99999:7:::";

    @TempDir
    Path workDir;
    @TempDir
    Path elsewhere;

    @Test
    void linksFifosAndFilesThatAreNoCallListAreRefusedWithoutQuotingThem() throws Exception {
        try (RunningApp app = RunningApp.start(RunningApp.defaults(workDir))) {
            Path inbox = workDir.resolve("inbox/esms-record");
            Path target = elsewhere.resolve("shadow");
            Files.writeString(target, "phone,name\n0912777001," + SECRET + "\n", StandardCharsets.UTF_8);
            Files.createSymbolicLink(inbox.resolve("linked.csv"), target);
            Files.createSymbolicLink(workDir.resolve("inbox/do-not-call/linked.txt"), target);
            Process mkfifo = new ProcessBuilder("mkfifo", inbox.resolve("pipe.csv").toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            // files the application can read but which are no call list: refused without a word of their content
            Fixtures.drop(workDir, "esms-record", "shadow.csv", SECRET + "\nbin:x:1:1:bin:/bin:/usr/sbin/nologin\n");
            Fixtures.drop(workDir, "esms-record", "shadow.jsonl", SECRET + "\n" + SECRET + "\n");
            Fixtures.drop(workDir, "esms-record", "after.csv", "phone,requestId\n0912777002,entries-after\n");

            Fixtures.awaitDone(workDir, "esms-record", "after.csv"); // nothing held the inbox
            Path failed = inbox.resolve(".failed");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(failed) && Fixtures.list(failed).size() == 4);
            Path linked = Fixtures.list(failed).stream().filter(p -> p.getFileName().toString().endsWith("-linked.csv")).findFirst().orElseThrow();
            assertThat(Files.isSymbolicLink(linked)).as("the link itself moved, never what it points to").isTrue();
            assertThat(Files.readString(target)).contains(SECRET); // the target left as it was
            assertThat(Files.readString(workDir.resolve("errors/esms-record/linked.csv.errors.csv"))).contains("is a symbolic link");
            assertThat(Files.readString(workDir.resolve("errors/esms-record/pipe.csv.errors.csv"))).contains("not a regular file");
            assertThat(Files.readString(workDir.resolve("errors/esms-record/shadow.csv.errors.csv"))).contains("no phone column (1 column)");
            assertThat(Files.readString(workDir.resolve("errors/esms-record/shadow.jsonl.errors.csv"))).contains("no line is a JSON object");
            Path dncFailed = workDir.resolve("inbox/do-not-call/.failed");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(dncFailed) && Fixtures.list(dncFailed).size() == 1);
            assertThat(Files.readString(workDir.resolve("errors/do-not-call/linked.txt.errors.csv"))).contains("is a symbolic link");

            // the secret is nowhere: no call, no suppressed number, no error file, no log line
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_request where phone = '0912777001'")).isEqualTo("0");
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from suppressed_phone")).isEqualTo("0");
            try (Stream<Path> files = Files.walk(workDir.resolve("errors"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain("Zk81tQ");
                }
            }
            Path log = RunningApp.logFile();
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            assertThat(lines).noneMatch(line -> line.contains("Zk81tQ"));
        }
    }
}
