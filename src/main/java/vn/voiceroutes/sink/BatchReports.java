package vn.voiceroutes.sink;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.files.FileNames;
import vn.voiceroutes.files.SpreadsheetCsv;
import vn.voiceroutes.ledger.BatchLedger;
import vn.voiceroutes.ledger.CallingRules;
import vn.voiceroutes.ledger.BatchLedger.FinishedBatch;
import vn.voiceroutes.ledger.CallRecord;

/**
 * The per-file report: once every call of a dropped file is final (or expired), a CSV with each call's outcome in
 * line order and a closing summary line, in &lt;work&gt;/outbox/reports/&lt;time&gt;-&lt;file&gt;.report.csv.
 */
public class BatchReports {

    private static final Logger LOG = LoggerFactory.getLogger(BatchReports.class);
    private static final String[] REPORT = {"line", "requestId", "phone", "status", "reason", "durationSeconds", "price",
        "ivr", "providerRef", "finishedAt"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BatchLedger ledger;
    private final WorkFolder work;
    private final ZoneId zone;

    public BatchReports(BatchLedger ledger, WorkFolder work, ZoneId zone) {
        this.ledger = ledger;
        this.work = work;
        this.zone = zone;
    }

    /** Writes the report of every file whose calls are all final; returns how many were written. */
    public int writeFinished() {
        int written = 0;
        while (ledger.reportFinishedBatch(FileReport::new)) {
            written++;
        }
        return written;
    }

    /** One report file: rows as the ledger streams them, written to a staged file moved into place at the end. */
    private final class FileReport implements BatchLedger.BatchReport {

        private final FinishedBatch batch;
        private final Path staged;
        private final Path report;
        private final Writer writer;
        private final SpreadsheetCsv csv;
        private final Map<String, Integer> counts = new TreeMap<>();
        private final Map<String, Integer> refusals = new TreeMap<>();
        private long calls;

        FileReport(FinishedBatch batch) {
            this.batch = batch;
            try {
                Path folder = work.outbox().resolve("reports");
                Files.createDirectories(folder);
                String name = FileNames.fit(ZonedDateTime.now(zone).format(STAMP) + "-", batch.fileName(), ".report.csv");
                report = folder.resolve(name);
                staged = folder.resolve(FileNames.fit(".", name, ".tmp"));
                writer = Files.newBufferedWriter(staged, StandardCharsets.UTF_8);
                csv = new SpreadsheetCsv(writer, REPORT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void call(CallRecord call) throws IOException {
            calls++;
            counts.merge(call.status().name(), 1, Integer::sum);
            if (call.status() == vn.voiceroutes.model.CallStatus.REJECTED && (CallingRules.DO_NOT_CALL.equals(call.reason())
                    || CallingRules.FREQUENCY_CAP.equals(call.reason()))) {
                refusals.merge(call.reason(), 1, Integer::sum);
            }
            csv.printRecord(call.sourceLine(), call.requestId(), call.phone(), call.status(), call.reason(),
                    call.durationSeconds(), call.price(), call.ivr(), call.providerRef(),
                    call.finishedAt() == null ? null : call.finishedAt().atZone(zone).toOffsetDateTime());
        }

        @Override
        public String name() {
            return report.getFileName().toString();
        }

        @Override
        public void end() throws IOException {
            try (writer; csv) {
                StringBuilder summary = new StringBuilder("# summary: ").append(batch.fileName()).append(", ")
                        .append(batch.rowsRead()).append(" rows read, ").append(calls).append(" calls");
                counts.forEach((status, count) -> summary.append(", ").append(count).append(' ').append(status));
                if (!refusals.isEmpty()) {
                    // Decree 91: REJECTED before they left, and also in the error file with their rows
                    summary.append(" (of them refused by the calling rules:");
                    refusals.forEach((reason, count) -> summary.append(' ').append(count).append(' ').append(reason).append(','));
                    summary.setLength(summary.length() - 1);
                    summary.append(')');
                }
                summary.append(", ").append(batch.invalidRows()).append(" invalid rows");
                if (batch.invalidRows() > 0) {
                    summary.append(" (see errors/").append(batch.channel()).append('/')
                            .append(vn.voiceroutes.source.FileBatch.errorFileName(batch.fileName())).append(')');
                }
                // one quoted cell: a file name with a comma must not open a second cell a spreadsheet would evaluate
                csv.printRecord(summary.toString());
            } catch (IOException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
            Files.move(staged, report, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Report of {} written to {}", batch.fileName(), report);
        }

        @Override
        public void abandon() {
            try (writer) {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                LOG.warn("Unfinished report {} could not be removed: {}", staged, e.getMessage());
            }
        }
    }
}
