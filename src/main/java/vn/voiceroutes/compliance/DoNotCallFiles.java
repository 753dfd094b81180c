package vn.voiceroutes.compliance;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.files.SpreadsheetCsv;
import vn.voiceroutes.ledger.SuppressionList;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * The national Do-Not-Call register as the operator drops it into inbox/do-not-call/: one number a line, or CSV with
 * a phone column, in any form the channels accept ("0912 345 678", "+84912345678", "84912345678"). A file whose name
 * starts with "replace" replaces the whole register, unless it holds no valid number or would take more than
 * voice.compliance.replace-max-removal-percent of the register off it (refused to .failed with the reason, the
 * register as it was); "replace-force" replaces it whatever it removes; "undo-replace" puts back the register as it
 * was before the last replacement; any other file adds to it. A line that is not a Vietnamese number goes to
 * errors/do-not-call/NAME.errors.csv with its line and reason (written for spreadsheets), and the rest is imported.
 */
public class DoNotCallFiles {

    public static final String FOLDER = "do-not-call";
    /** The columns of a do-not-call file's error file. */
    private static final String[] ERROR_COLUMNS = {"file", "line", "field", "reason", "record"};

    private static final Logger LOG = LoggerFactory.getLogger(DoNotCallFiles.class);

    private final SuppressionList suppressions;
    private final WorkFolder work;
    private final int maxRemovalPercent;

    public DoNotCallFiles(SuppressionList suppressions, WorkFolder work, int maxRemovalPercent) {
        this.suppressions = suppressions;
        this.work = work;
        this.maxRemovalPercent = maxRemovalPercent;
    }

    /** What a file's name asks of the register. */
    static SuppressionList.Import importOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("replace-force") ? SuppressionList.Import.REPLACE_FORCED
                : lower.startsWith("replace") ? SuppressionList.Import.REPLACE : SuppressionList.Import.ADD;
    }

    /** Imports one dropped file; its numbers in national form go through a scratch file, never all in memory. */
    public SuppressionList.Imported importFile(java.io.File dropped) throws IOException {
        Path file = dropped.toPath();
        String name = file.getFileName().toString();
        SuppressionList.Import how = importOf(name);
        Path errors = work.errors(FOLDER).resolve(name + ".errors.csv");
        Files.createDirectories(errors.getParent());
        Files.deleteIfExists(errors);
        if (name.toLowerCase(Locale.ROOT).startsWith("undo-replace")) {
            return refusedOr(errors, name, () -> {
                SuppressionList.Imported undone = suppressions.undoReplacement(name);
                LOG.warn("do-not-call file {}: the register before its last replacement is back ({} numbers; {} before the undo)",
                        name, undone.numbers(), undone.removed());
                return undone;
            });
        }
        Path numbers = Files.createTempFile("do-not-call", ".txt");
        long refused = 0;
        try {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    BufferedWriter out = Files.newBufferedWriter(numbers, StandardCharsets.US_ASCII)) {
                SpreadsheetCsv errorFile = null;
                int column = 0;
                boolean first = true;
                long line = 0;
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    line++;
                    String value = line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
                    if (value.isBlank() || value.strip().startsWith("#")) {
                        continue;
                    }
                    String[] fields = value.split("[,;\\t]", -1);
                    boolean header = first && !fields[0].replace("\"", "").strip().matches("[+\\d\\s.\\-()]+");
                    first = false;
                    if (header) {
                        // the phone column, else the first
                        column = headerColumn(fields);
                        continue;
                    }
                    String raw = column < fields.length ? fields[column].replace("\"", "") : "";
                    try {
                        out.write(PhoneNumbers.normalize("phone", raw));
                        out.write('\n');
                    } catch (InvalidRecordException e) {
                        if (errorFile == null) {
                            errorFile = new SpreadsheetCsv(Files.newBufferedWriter(errors, StandardCharsets.UTF_8), ERROR_COLUMNS);
                        }
                        errorFile.printRecord(name, line, e.field(), e.reason(), value.length() > 200 ? value.substring(0, 200) : value);
                        refused++;
                    }
                }
                if (errorFile != null) {
                    errorFile.close();
                }
            }
            long refusedLines = refused;
            return refusedOr(errors, name, () -> {
                SuppressionList.Imported imported;
                try (Reader nationalNumbers = Files.newBufferedReader(numbers, StandardCharsets.US_ASCII)) {
                    imported = suppressions.importRegister(nationalNumbers, how, maxRemovalPercent, name);
                }
                LOG.info("do-not-call file {} ({}): {} numbers read, {} added to the register, {} taken off it, {} refused{}", name,
                        how == SuppressionList.Import.ADD ? "adds to the register" : "replaces the register", imported.numbers(),
                        imported.added(), imported.removed(), refusedLines, refusedLines > 0 ? " (see " + errors + ")" : "");
                return imported;
            });
        } finally {
            Files.deleteIfExists(numbers);
        }
    }

    private interface Change {
        SuppressionList.Imported apply() throws IOException;
    }

    /**
     * The change, or its refusal: the reason as the error file's first line (field "file"), the refused lines after
     * it, and the file to .failed (the route's moveFailed) with the register as it was.
     */
    private SuppressionList.Imported refusedOr(Path errors, String name, Change change) throws IOException {
        try {
            return change.apply();
        } catch (SuppressionList.ReplacementRefused refusal) {
            String lines = Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : null;
            try (SpreadsheetCsv errorFile = new SpreadsheetCsv(Files.newBufferedWriter(errors, StandardCharsets.UTF_8), ERROR_COLUMNS)) {
                errorFile.printRecord(name, 0, "file", refusal.getMessage(), "");
            }
            if (lines != null) {
                // the lines refused before, after the file's own reason (their header dropped)
                Files.writeString(errors, lines.substring(lines.indexOf('\n') + 1), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            LOG.warn("do-not-call file {} refused: {}; moved to .failed", name, refusal.getMessage());
            throw refusal;
        }
    }

    private static int headerColumn(String[] header) {
        for (int i = 0; i < header.length; i++) {
            String name = header[i].replace("\"", "").strip().toLowerCase(Locale.ROOT);
            if (name.equals("phone") || name.equals("so_dien_thoai") || name.equals("msisdn") || name.equals("number")) {
                return i;
            }
        }
        return 0;
    }
}
