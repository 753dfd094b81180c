package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preview before anyone is called: a 1,000-row file dropped into preview/esms-record/ gets 1,000 lines in
 * outbox/previews/ (the request as it would go out, secrets masked; refusals with their reasons: an invalid row, an
 * opted-out number), and the simulator receives nothing, the ledger holds no call.
 */
class PreviewTest {

    @TempDir
    Path workDir;

    @Test
    void aPreviewOfAThousandRowsWritesAThousandLinesAndCallsNobody() throws Exception {
        try (RunningApp app = RunningApp.start(RunningApp.defaults(workDir))) {
            assertThat(app.post("/api/opt-outs/0914000007?reason=asked").statusCode()).isBetween(200, 299);
            StringBuilder rows = new StringBuilder("phone,requestId\n");
            for (int i = 0; i < 1000; i++) {
                // row 500 holds no phone number
                rows.append(i == 500 ? "not-a-phone" : String.format("0914%06d", i)).append(",preview-").append(i).append('\n');
            }
            Path folder = workDir.resolve("preview/esms-record");
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("big.csv.tmp"), rows, StandardCharsets.UTF_8);
            Files.move(folder.resolve("big.csv.tmp"), folder.resolve("big.csv"));

            Path previews = workDir.resolve("outbox/previews");
            Path preview = await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(previews) ? Fixtures.list(previews).stream()
                    .filter(p -> p.getFileName().toString().endsWith("big.csv.preview.csv")).findFirst().orElse(null) : null, p -> p != null);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(folder.resolve(".done")) && !Fixtures.list(folder.resolve(".done")).isEmpty());
            List<String> lines = Files.readAllLines(preview, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(1001);
            assertThat(lines.get(0)).isEqualTo("line,requestId,phone,verdict,placedAt,request,reason");
            assertThat(lines.get(1)).startsWith("2,preview-0,0914000000,call now,,GET MakeCallRecord_V2?").contains("ApiKey=****")
                    .contains("SecretKey=****").contains("RequestId=preview-0");
            assertThat(lines).filteredOn(line -> line.startsWith("502,")).singleElement().asString().contains("invalid").contains("phone: ");
            assertThat(lines).filteredOn(line -> line.startsWith("9,")).singleElement().asString().contains("refused").contains("do-not-call");
            String text = String.join("\n", lines);
            for (String secret : List.of(RunningApp.API_KEY, RunningApp.SECRET_KEY,
                    Files.readString(workDir.resolve("data/esms-callback-token")).trim())) {
                assertThat(text).doesNotContain(secret);
            }
            // nothing registered, nothing sent
            assertThat(app.simulator().received()).isEmpty();
            assertThat(Fixtures.single(app.dataSource(), "select count(*) from call_request")).isEqualTo("0");
            assertThat(Fixtures.list(workDir.resolve("inbox/esms-record"))).isEmpty();
        }
    }
}
