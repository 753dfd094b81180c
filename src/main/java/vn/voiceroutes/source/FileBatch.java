package vn.voiceroutes.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import vn.voiceroutes.files.FileNames;
import vn.voiceroutes.files.SpreadsheetCsv;
import vn.voiceroutes.ledger.CallQueue.DispatchOutcome;

/**
 * One dropped file (CSV, JSON array or JSON lines) being worked through: checked whole first ({@link FileCheck}),
 * then its records streamed one at a time (never the whole file in memory), outcomes counted, and the records it
 * cannot call written to its error file with line, field and reason.
 */
public class FileBatch implements AutoCloseable {

    /** The error file's columns: where (line, and the record's number in the file), what and why, and the record. */
    static final String[] ERROR_COLUMNS = {"file", "line", "field", "reason", "record", "recordNumber"};
    /** A record is copied into the error file up to this length (a 5 MB cell must not make a 5 MB error line). */
    static final int RECORD_COPY_MAX = 2_000;

    private final String channel;
    private final Path file;
    private final InboxFormat format;
    private final Path errorFile;
    private final Map<DispatchOutcome, Long> outcomes = new EnumMap<>(DispatchOutcome.class);
    private FileCheck.Checked checked;
    private String intakeDay;
    private String batchId;
    private long rowsRead;
    private FileRows rows;
    private SpreadsheetCsv errors;

    /**
     * Opens a dropped file of a channel: its error file from an earlier read is replaced (a file is read again from
     * the start after a restart), then the whole file is checked. Throws InvalidFileException, after writing the
     * reason to the error file, when the file cannot be read as call requests.
     */
    public FileBatch(String channel, Path file, Path errorFolder) {
        this.channel = channel;
        this.file = file;
        this.errorFile = errorFolder.resolve(errorFileName(file.getFileName().toString()));
        try {
            Files.deleteIfExists(errorFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace error file " + errorFile, e);
        }
        this.format = InboxFormat.of(fileName()).orElse(null);
        try {
            if (format == null) {
                throw new InvalidFileException(fileName(), 0, "is not a kind of file this inbox reads: drop " + InboxFormat.ACCEPTED);
            }
            this.checked = FileCheck.check(file, format, channel);
        } catch (InvalidFileException e) {
            writeError(e.line(), 0, "file", e.reason(), "");
            throw e;
        }
    }

    /** The error file of a dropped file: its name, then .errors.csv, shortened if the whole would not fit. */
    public static String errorFileName(String fileName) {
        return FileNames.fit("", fileName, ".errors.csv");
    }

    public String channel() {
        return channel;
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    /** Identifies the content, not the name. */
    public String contentHash() {
        return checked.contentHash();
    }

    /**
     * The day (voice.time-zone) this content is read for: today, or the day an unfinished earlier read of the same
     * content began (a restart after midnight must not call its rows again). Set by the ledger at open.
     */
    public String intakeDay() {
        return intakeDay;
    }

    /** The batch: this content read on its intake day. Its calls, its summary, its report. */
    public String batchId() {
        return batchId;
    }

    public void startedOn(String intakeDay, String batchId) {
        this.intakeDay = intakeDay;
        this.batchId = batchId;
    }

    public Path errorFile() {
        return errorFile;
    }

    /** The records one at a time. */
    public Iterator<InputRow> rows() {
        rows = new FileRows(file, format, checked.header());
        return rows.iterator();
    }

    /** A record is being worked on: it counts as read (a file stopped part way counts only what it worked on). */
    public void rowStarted() {
        rowsRead++;
    }

    /** A row waiting to be registered with the rest of its chunk (CallRegistration). */
    public record Staged(vn.voiceroutes.ledger.CallQueue.Registration registration, InputRow row) {
    }

    private final List<Staged> staged = new ArrayList<>();

    public void stage(vn.voiceroutes.ledger.CallQueue.Registration registration, InputRow row) {
        staged.add(new Staged(registration, row));
    }

    public int staged() {
        return staged.size();
    }

    public List<Staged> takeStaged() {
        List<Staged> taken = List.copyOf(staged);
        staged.clear();
        return taken;
    }

    public void count(DispatchOutcome outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    public long count(String outcome) {
        return outcomes.getOrDefault(DispatchOutcome.valueOf(outcome), 0L);
    }

    /**
     * A row refused with its field and reason, in the error file. One a calling rule refused (CallRefusedException) is a
     * call registered and REJECTED (its outcome is in the results and the report), counted as such, not as an invalid
     * row; it is named in the error file too, so the file's sender sees there every row not called.
     */
    public void rejectRow(InputRow row, vn.voiceroutes.model.InvalidRecordException refusal) {
        count(refusal instanceof vn.voiceroutes.model.CallRefusedException ? DispatchOutcome.REFUSED : DispatchOutcome.INVALID);
        writeError(row.line(), row.number(), refusal.field(), refusal.reason(), row.record());
    }

    /** A reason the file as a whole could not be finished (written once the rows before it are in the error file). */
    public void fileFailed(long line, String reason) {
        writeError(line, 0, "file", reason, "");
    }

    /** A reason a file could not be worked through, when it could not even be opened as a batch. */
    public static void recordFailure(Path errorFolder, String fileName, String reason) {
        Path errorFile = errorFolder.resolve(errorFileName(fileName));
        try {
            Files.createDirectories(errorFolder);
            try (SpreadsheetCsv errors = new SpreadsheetCsv(Files.newBufferedWriter(errorFile, StandardCharsets.UTF_8), ERROR_COLUMNS)) {
                errors.printRecord(fileName, 0, "file", reason, "", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write error file " + errorFile, e);
        }
    }

    private void writeError(long line, long number, String field, String reason, String record) {
        try {
            if (errors == null) {
                Files.createDirectories(errorFile.getParent());
                errors = new SpreadsheetCsv(Files.newBufferedWriter(errorFile, StandardCharsets.UTF_8), ERROR_COLUMNS);
            }
            String copy = record.length() <= RECORD_COPY_MAX ? record
                    : record.substring(0, RECORD_COPY_MAX) + "... (" + record.length() + " characters in all)";
            errors.printRecord(fileName(), line, field, reason, copy, number > 0 ? number : null);
            errors.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write error file " + errorFile, e);
        }
    }

    public String summary() {
        // the words and counts of the file's report (BatchReports): a call refused by the calling rules is a call
        long refused = count("REFUSED");
        return String.format("%s file %s: %d rows read, %d calls registered%s, %d invalid, %d already registered%s", channel,
                fileName(), rowsRead, count("REGISTERED") + refused,
                refused == 0 ? "" : " (" + refused + " of them refused by the calling rules, REJECTED)",
                count("INVALID"), count("ALREADY_HANDLED"), errors == null ? "" : "; errors in " + errorFile);
    }

    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (errors != null) {
                errors.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot close " + fileName(), e);
        }
    }

}
