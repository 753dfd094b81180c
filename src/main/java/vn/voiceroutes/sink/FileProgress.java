package vn.voiceroutes.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import vn.voiceroutes.ledger.BatchLedger.Progress;

/**
 * The files in progress for the log (route file-progress), counted at most a fifth of the time: counting a
 * 1,000,000-row file's calls takes seconds, and a count every 10 s would keep the database busy with it while the
 * file is called. When the last count took longer than a fifth of the time since, this tick logs nothing.
 */
public class FileProgress {

    private final Supplier<List<Progress>> count;
    private final Clock clock;
    private Instant nextAt = Instant.MIN;

    public FileProgress(Supplier<List<Progress>> count, Clock clock) {
        this.count = count;
        this.clock = clock;
    }

    /** The files in progress, or none at this tick. */
    public synchronized List<Progress> due() {
        Instant now = clock.instant();
        if (now.isBefore(nextAt)) {
            return List.of();
        }
        List<Progress> files = count.get();
        nextAt = now.plus(Duration.between(now, clock.instant()).multipliedBy(5));
        return files;
    }
}
