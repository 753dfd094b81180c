package vn.voiceroutes.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subject's files are looked for while the work folder moves under the search: a dropped file goes from its inbox
 * into .done while the walk is on (the CI run of 2026-12-07 answered 500 to GET /api/subjects/{phone} when a file
 * went away between the walk and its reading).
 */
class SubjectFilesTest {

    private static final String PHONE = "0912300040";

    /**
     * A work folder with an inbox (and its .done/) and enough other files that each search takes a while, so a move
     * falls inside it; the inbox.
     */
    private static Path busyWorkFolder(Path work) throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox/esms-record"));
        Files.createDirectories(inbox.resolve(".done"));
        Path results = Files.createDirectories(work.resolve("outbox"));
        String others = "phone,requestId\n" + "0987654321,other\n".repeat(100);
        for (int i = 0; i < 200; i++) {
            Files.writeString(results.resolve("report-" + i + ".csv"), others);
        }
        return inbox;
    }

    @Test
    void aFileMovedWhileTheWorkFolderIsReadIsFoundOnceWhereItIsNow(@TempDir Path work) throws Exception {
        Path inbox = busyWorkFolder(work);
        Path done = inbox.resolve(".done");
        Path dropped = inbox.resolve("list.csv");
        Files.writeString(dropped, "phone,requestId\n0912 300 040,r-1\n");
        SubjectFiles files = new SubjectFiles(work);

        List<String> answers = new ArrayList<>();
        for (int round = 0; round < 16; round++) {
            Path from = round % 2 == 0 ? dropped : done.resolve("list.csv");
            Path to = round % 2 == 0 ? done.resolve("list.csv") : dropped;
            CountDownLatch searching = new CountDownLatch(1);
            CompletableFuture<List<SubjectFiles.Found>> search = CompletableFuture.supplyAsync(() -> {
                searching.countDown();
                try {
                    return files.find(PHONE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(searching.await(10, TimeUnit.SECONDS)).isTrue();
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            List<SubjectFiles.Found> found = search.get(30, TimeUnit.SECONDS);
            assertThat(found).as("round %d", round).hasSize(1);
            answers.add(found.get(0).path());
            assertThat(Files.exists(work.resolve(found.get(0).path()))).as("round %d: %s", round, found).isTrue();
        }
        assertThat(answers).allMatch(path -> path.endsWith("list.csv"));
    }

    @Test
    void aFileMovedWhileItsNumberIsErasedIsErasedWhereItIsNow(@TempDir Path work) throws Exception {
        Path inbox = busyWorkFolder(work);
        Path done = inbox.resolve(".done");
        SubjectFiles files = new SubjectFiles(work);
        for (int round = 0; round < 10; round++) {
            Path dropped = inbox.resolve("list-" + round + ".csv");
            Files.writeString(dropped, "phone,requestId\n+84 912 300 040,r-" + round + "\n0987654321,kept\n");
            CountDownLatch erasing = new CountDownLatch(1);
            CompletableFuture<Integer> erase = CompletableFuture.supplyAsync(() -> {
                erasing.countDown();
                try {
                    return files.erase(PHONE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(erasing.await(10, TimeUnit.SECONDS)).isTrue();
            Path moved = done.resolve(dropped.getFileName());
            Files.move(dropped, moved, StandardCopyOption.ATOMIC_MOVE);
            assertThat(erase.get(30, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(1);
            assertThat(Files.readString(moved)).as("round %d", round).isEqualTo("phone,requestId\n# erased\n0987654321,kept\n");
        }
    }
}
