package vn.voiceroutes.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Group commit for writes that callers wait for (a callback is stored before its 200): each caller queues its item;
 * while no group is being written, a caller whose item is still queued writes every item queued by then in one go
 * (one statement, one commit) and hands each caller its own result. Alone, a caller writes its item at once; under
 * load, the items that came while one group was written make the next, so the database does one round trip per group
 * instead of one per item.
 * <p>
 * Items with the same key never share a group (two reports of one call must see each other's effect): a later one
 * waits for the next. A group that fails is written again item by item, so a bad item fails alone.
 *
 * @param <T> what is written
 * @param <R> what its writing answers, one per item, in the group's order
 */
final class GroupWriter<T, R> {

    /** Writes a group in one go; answers one result per item, in order. */
    private final Function<List<T>, List<R>> writer;
    private final Function<T, Object> keyOf;
    private final int maxGroup;
    /** Guards the queue, the writer's turn and every item's outcome; signalled when a group is written. */
    private final Object lock = new Object();
    private final ArrayDeque<Pending<T, R>> queued = new ArrayDeque<>();
    private boolean writing;

    GroupWriter(Function<List<T>, List<R>> writer, Function<T, Object> keyOf, int maxGroup) {
        this.writer = writer;
        this.keyOf = keyOf;
        this.maxGroup = maxGroup;
    }

    private static final class Pending<T, R> {
        final T item;
        boolean done;
        R result;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    /** How many items wait for their group (a test waits on it rather than sleeping). */
    int queued() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** Writes the item (in a group with others waiting, or alone) and answers its result once committed. */
    R write(T item) {
        Pending<T, R> mine = new Pending<>(item);
        boolean interrupted = false;
        synchronized (lock) {
            queued.add(mine);
        }
        try {
            while (true) {
                List<Pending<T, R>> group;
                synchronized (lock) {
                    while (!mine.done && writing) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // another caller may be writing this item: wait for its outcome all the same
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        if (mine.failure != null) {
                            throw mine.failure;
                        }
                        return mine.result;
                    }
                    writing = true;
                    group = takeGroup();
                }
                try {
                    writeGroup(group);
                } finally {
                    synchronized (lock) {
                        writing = false;
                        lock.notifyAll();
                    }
                }
                // this caller's item was in the group, unless a report of the same call was queued before it
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next group, in arrival order, one item per key; called holding the lock. */
    private List<Pending<T, R>> takeGroup() {
        List<Pending<T, R>> group = new ArrayList<>();
        Set<Object> keys = new HashSet<>();
        for (Iterator<Pending<T, R>> it = queued.iterator(); it.hasNext() && group.size() < maxGroup;) {
            Pending<T, R> next = it.next();
            if (keys.add(keyOf.apply(next.item))) {
                group.add(next);
                it.remove();
            }
        }
        return group;
    }

    /** Writes outside the lock; the outcomes are set under it (complete, fail). */
    private void writeGroup(List<Pending<T, R>> group) {
        try {
            complete(group, writer.apply(group.stream().map(p -> p.item).toList()));
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                fail(group.get(0), groupFailed);
                return;
            }
            for (Pending<T, R> one : group) {
                try {
                    complete(List.of(one), writer.apply(List.of(one.item)));
                } catch (RuntimeException failed) {
                    fail(one, failed);
                }
            }
        }
    }

    private void complete(List<Pending<T, R>> group, List<R> results) {
        synchronized (lock) {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result = results.get(i);
                group.get(i).done = true;
            }
        }
    }

    private void fail(Pending<T, R> one, RuntimeException failure) {
        synchronized (lock) {
            one.failure = failure;
            one.done = true;
        }
    }
}
