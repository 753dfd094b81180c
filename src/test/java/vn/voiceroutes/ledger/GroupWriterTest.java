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

import org.junit.jupiter.api.Test;

class GroupWriterTest {

    /** Items written while the first group is held: they go together in the next. */
    @Test
    void itemsQueuedWhileAGroupIsWrittenAreWrittenTogetherEachCallerGettingItsOwnResult() throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupWriter<String, String> writer = new GroupWriter<>(group -> {
            groups.add(group);
            if (group.contains("first")) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return group.stream().map(item -> "stored " + item).toList();
        }, item -> item.split("#")[0], 100);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            Future<String> first = callers.submit(() -> writer.write("first"));
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String item = "call" + i;
                others.add(callers.submit(() -> writer.write(item)));
            }
            Thread.sleep(200); // every other caller queued behind the first group
            releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored first");
            for (int i = 0; i < 6; i++) {
                assertThat(others.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("stored call" + i);
            }
            assertThat(groups).hasSize(2);
            assertThat(groups.get(1)).containsExactlyInAnyOrder("call0", "call1", "call2", "call3", "call4", "call5");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void twoItemsOfOneKeyNeverShareAGroupAndKeepTheirOrder() throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupWriter<String, String> writer = new GroupWriter<>(group -> {
            groups.add(group);
            if (group.contains("hold")) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return group;
        }, item -> item.split("#")[0], 100);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<String> hold = callers.submit(() -> writer.write("hold"));
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> a1 = callers.submit(() -> writer.write("a#1"));
            Thread.sleep(100);
            Future<String> a2 = callers.submit(() -> writer.write("a#2"));
            Future<String> b = callers.submit(() -> writer.write("b#1"));
            Thread.sleep(200);
            releaseFirst.countDown();
            assertThat(List.of(hold.get(5, TimeUnit.SECONDS), a1.get(5, TimeUnit.SECONDS), a2.get(5, TimeUnit.SECONDS),
                    b.get(5, TimeUnit.SECONDS))).containsExactly("hold", "a#1", "a#2", "b#1");
            for (List<String> group : groups) {
                assertThat(new HashSet<>(group.stream().map(item -> item.split("#")[0]).toList())).hasSameSizeAs(group);
            }
            int first = indexOfGroupWith(groups, "a#1");
            assertThat(indexOfGroupWith(groups, "a#2")).isGreaterThan(first);
            assertThat(groups.get(first)).contains("b#1");
        } finally {
            callers.shutdownNow();
        }
    }

    /** One bad item must not fail the callbacks it happened to be grouped with. */
    @Test
    void aGroupThatFailsIsWrittenAgainItemByItemAndOnlyTheBadItemFails() throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupWriter<String, String> writer = new GroupWriter<>(group -> {
            groups.add(group);
            if (group.contains("hold")) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            if (group.contains("bad")) {
                throw new LedgerException("value too long for column", null);
            }
            return group;
        }, item -> item, 100);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<String> hold = callers.submit(() -> writer.write("hold"));
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> good1 = callers.submit(() -> writer.write("good1"));
            Future<String> bad = callers.submit(() -> writer.write("bad"));
            Future<String> good2 = callers.submit(() -> writer.write("good2"));
            Thread.sleep(200);
            releaseFirst.countDown();
            assertThat(hold.get(5, TimeUnit.SECONDS)).isEqualTo("hold");
            assertThat(good1.get(5, TimeUnit.SECONDS)).isEqualTo("good1");
            assertThat(good2.get(5, TimeUnit.SECONDS)).isEqualTo("good2");
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LedgerException.class)
                    .hasMessageContaining("value too long");
            assertThat(groups.get(1)).containsExactlyInAnyOrder("good1", "bad", "good2");
            assertThat(groups.subList(2, groups.size())).containsExactlyInAnyOrder(List.of("good1"), List.of("bad"), List.of("good2"));
        } finally {
            callers.shutdownNow();
        }
    }

    private static int indexOfGroupWith(List<List<String>> groups, String item) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains(item)) {
                return i;
            }
        }
        return -1;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
