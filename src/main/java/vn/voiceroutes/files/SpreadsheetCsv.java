package vn.voiceroutes.files;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file written for people, who open it in Excel or LibreOffice: a cell that starts like a formula (=, +, -, @,
 * a tab or a carriage return) is written with a leading apostrophe, so it shows as text and never runs (OWASP "CSV
 * injection"). Plain numbers (-3, +84912345678, 750.5) stay as they are: they cannot run.
 */
public final class SpreadsheetCsv implements Closeable, Flushable {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private final CSVPrinter printer;

    public SpreadsheetCsv(Writer writer, String... header) throws IOException {
        this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header).get());
    }

    public void printRecord(Object... cells) throws IOException {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] == null ? null : cell(cells[i].toString());
        }
        printer.printRecord(safe);
    }

    /** The text of one cell as it is safe to open in a spreadsheet. */
    public static String cell(String value) {
        if (value.isEmpty() || NUMBER.matcher(value).matches()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
