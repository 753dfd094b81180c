package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupWriterTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(8);
    /** Every group written, in order. */
    private final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch holdStarted = new CountDownLatch(1);
    private final CountDownLatch releaseHold = new CountDownLatch(1);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    /** A writer that records its groups, holds the one with "hold" until released, and fails those with "bad". */
    private GroupWriter<String, String> writer(Function<String, Object> keyOf) {
        return new GroupWriter<>(group -> {
            groups.add(group);
            if (group.contains("hold")) {
                holdStarted.countDown();
                try {
                    releaseHold.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (group.contains("bad")) {
                throw new LedgerException("value too long for column", null);
            }
            return group.stream().map(item -> "stored " + item).toList();
        }, keyOf, 100);
    }

    /** The first group is being written while the items are queued: they make the next groups. */
    private List<Future<String>> writeWhileHeld(GroupWriter<String, String> writer, String... items) throws Exception {
        Future<String> held = callers.submit(() -> writer.write("hold"));
        assertThat(holdStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> written = new ArrayList<>();
        for (String item : items) {
            int before = writer.queued();
            written.add(callers.submit(() -> writer.write(item)));
            // queued in this order: the next is submitted once this one waits
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> writer.queued() == before + 1);
        }
        releaseHold.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("stored hold");
        return written;
    }

    @Test
    void itemsQueuedWhileAGroupIsWrittenAreWrittenTogetherEachCallerGettingItsOwnResult() throws Exception {
        List<Future<String>> written = writeWhileHeld(writer(item -> item), "call0", "call1", "call2", "call3", "call4", "call5");
        for (int i = 0; i < 6; i++) {
            assertThat(written.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("stored call" + i);
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1)).containsExactlyInAnyOrder("call0", "call1", "call2", "call3", "call4", "call5");
    }

    @Test
    void twoItemsOfOneKeyNeverShareAGroupAndKeepTheirOrder() throws Exception {
        List<Future<String>> written = writeWhileHeld(writer(item -> item.split("#")[0]), "a#1", "a#2", "b#1");
        for (Future<String> one : written) {
            one.get(5, TimeUnit.SECONDS);
        }
        for (List<String> group : groups) {
            assertThat(new HashSet<>(group.stream().map(item -> item.split("#")[0]).toList())).hasSameSizeAs(group);
        }
        assertThat(groups.subList(1, groups.size())).containsExactly(List.of("a#1", "b#1"), List.of("a#2"));
    }

    /** One bad item must not fail the callbacks it happened to be grouped with. */
    @Test
    void aGroupThatFailsIsWrittenAgainItemByItemAndOnlyTheBadItemFails() throws Exception {
        List<Future<String>> written = writeWhileHeld(writer(item -> item), "good1", "bad", "good2");
        assertThat(written.get(0).get(5, TimeUnit.SECONDS)).isEqualTo("stored good1");
        assertThatThrownBy(() -> written.get(1).get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LedgerException.class)
                .hasMessageContaining("value too long");
        assertThat(written.get(2).get(5, TimeUnit.SECONDS)).isEqualTo("stored good2");
        assertThat(groups.subList(1, groups.size())).containsExactly(List.of("good1", "bad", "good2"),
                List.of("good1"), List.of("bad"), List.of("good2"));
    }
}
