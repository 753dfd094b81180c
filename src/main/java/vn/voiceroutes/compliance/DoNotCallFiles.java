package vn.voiceroutes.compliance;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.config.WorkFolder;
import vn.voiceroutes.ledger.SuppressionList;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * The national Do-Not-Call register as the operator drops it into inbox/do-not-call/: one number a line, or CSV with
 * a phone column, in any form the channels accept ("0912 345 678", "+84912345678", "84912345678"). A file whose name
 * starts with "replace" replaces the whole register; any other adds to it. A line that is not a Vietnamese number
 * goes to errors/do-not-call/NAME.errors.csv with its line and reason, and the rest is imported.
 */
public class DoNotCallFiles {

    public static final String FOLDER = "do-not-call";

    private static final Logger LOG = LoggerFactory.getLogger(DoNotCallFiles.class);

    private final SuppressionList suppressions;
    private final WorkFolder work;

    public DoNotCallFiles(SuppressionList suppressions, WorkFolder work) {
        this.suppressions = suppressions;
        this.work = work;
    }

    /** Imports one dropped file; its numbers in national form go through a scratch file, never all in memory. */
    public SuppressionList.Imported importFile(java.io.File dropped) throws IOException {
        Path file = dropped.toPath();
        String name = file.getFileName().toString();
        boolean replace = name.toLowerCase(Locale.ROOT).startsWith("replace");
        Path numbers = Files.createTempFile("do-not-call", ".txt");
        Path errors = work.errors(FOLDER).resolve(name + ".errors.csv");
        Files.createDirectories(errors.getParent());
        Files.deleteIfExists(errors);
        long refused = 0;
        try {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    BufferedWriter out = Files.newBufferedWriter(numbers, StandardCharsets.US_ASCII)) {
                CSVPrinter errorFile = null;
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
                            errorFile = new CSVPrinter(Files.newBufferedWriter(errors, StandardCharsets.UTF_8),
                                    CSVFormat.DEFAULT.builder().setHeader("file", "line", "field", "reason", "record").get());
                        }
                        errorFile.printRecord(name, line, e.field(), e.reason(), value.length() > 200 ? value.substring(0, 200) : value);
                        refused++;
                    }
                }
                if (errorFile != null) {
                    errorFile.close();
                }
            }
            SuppressionList.Imported imported;
            try (Reader nationalNumbers = Files.newBufferedReader(numbers, StandardCharsets.US_ASCII)) {
                imported = suppressions.importRegister(nationalNumbers, replace, name);
            }
            LOG.info("do-not-call file {} ({}): {} numbers read, {} added to the register, {} taken off it, {} refused{}", name,
                    replace ? "replaces the register" : "adds to the register", imported.numbers(), imported.added(),
                    imported.removed(), refused, refused > 0 ? " (see " + errors + ")" : "");
            return imported;
        } finally {
            Files.deleteIfExists(numbers);
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
