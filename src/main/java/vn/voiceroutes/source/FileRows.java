package vn.voiceroutes.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a dropped file that passed its whole-file check, read one at a time in its format (CSV under its
 * checked header, a JSON array, JSON lines), never the whole file in memory; each numbered as the file has it.
 */
final class FileRows implements AutoCloseable {

    private final Path file;
    private final InboxFormat format;
    private final List<String> header;
    private long recordsParsed;
    private AutoCloseable closer;

    FileRows(Path file, InboxFormat format, List<String> header) {
        this.file = file;
        this.format = format;
        this.header = header;
    }

    Iterator<InputRow> iterator() {
        return switch (format) {
            case CSV -> csvRows();
            case JSON_ARRAY -> jsonArrayRows();
            case JSON_LINES -> jsonLineRows();
        };
    }

    @Override
    public void close() throws Exception {
        if (closer != null) {
            closer.close();
        }
    }

    /**
     * CSV rows under the checked header. A row has a value for every named column (a missing one would be ambiguous:
     * which column is it?) and none under a column without a name.
     */
    private Iterator<InputRow> csvRows() {
        int named = 0;
        for (int i = 0; i < header.size(); i++) {
            if (!header.get(i).isEmpty()) {
                named = i + 1;
            }
        }
        int needed = named;
        CSVParser csv;
        try {
            csv = CSVParser.builder().setReader(open()).setFormat(FileCheck.CSV).get();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
        }
        closer = csv;
        Iterator<CSVRecord> records = csv.iterator();
        records.next(); // the header, checked already
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public InputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CSVRecord record = records.next();
                recordsParsed++;
                List<String> raw = record.toList();
                long newlinesInside = raw.stream().mapToLong(FileRows::lineBreaks).sum();
                long line = csv.getCurrentLineNumber() - newlinesInside;
                Map<String, String> values = new LinkedHashMap<>();
                String problem = null;
                for (int i = 0; i < raw.size(); i++) {
                    String name = i < header.size() ? header.get(i) : "";
                    if (!name.isEmpty()) {
                        values.put(name, raw.get(i));
                    } else if (!raw.get(i).isEmpty() && problem == null) {
                        problem = i < header.size() ? "has a value in column " + (i + 1) + ", which has no name in the header"
                                : "has " + raw.size() + " values but the header has " + header.size() + " columns";
                    }
                }
                if (raw.size() < needed && problem == null) {
                    problem = "has " + raw.size() + " values but the header names " + needed
                            + " columns: which one is missing?";
                }
                return new InputRow(line, recordsParsed, values, FileCheck.CSV.format(raw.toArray()), problem);
            }
        };
    }

    /** The objects of a JSON array, streamed element by element; each is a record, however many share a line. */
    private Iterator<InputRow> jsonArrayRows() {
        JsonParser json;
        try {
            json = FlatJson.FACTORY.createParser(open());
            json.nextToken(); // the array, checked already
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
        }
        closer = json;
        return new Iterator<>() {
            private JsonToken next = advance();

            private JsonToken advance() {
                try {
                    return json.nextToken();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null && next != JsonToken.END_ARRAY;
            }

            @Override
            public InputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                recordsParsed++;
                try {
                    InputRow row = FlatJson.read(json, json.currentTokenLocation().getLineNr(), recordsParsed);
                    next = advance();
                    return row;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
                }
            }
        };
    }

    /** One JSON object per line; a line that is not one is a bad record, and the rest of the file goes on. */
    private Iterator<InputRow> jsonLineRows() {
        BufferedReader lines;
        try {
            lines = new BufferedReader(open());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
        }
        closer = lines;
        return new Iterator<>() {
            private long lineNumber;
            private String pending = read();

            private String read() {
                try {
                    String line;
                    do {
                        line = lines.readLine();
                        lineNumber++;
                    } while (line != null && line.isBlank());
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public InputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                recordsParsed++;
                String text = pending;
                long line = lineNumber;
                pending = read();
                try {
                    return FlatJson.readText(text, line, recordsParsed);
                } catch (JsonProcessingException e) {
                    return new InputRow(line, recordsParsed, Map.of(), text, "is not a JSON object: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Line breaks inside a quoted value (CR, LF or CRLF, counted as the CSV parser counts lines). */
    private static long lineBreaks(String value) {
        long breaks = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                breaks++;
            }
        }
        return breaks;
    }

    private Reader open() throws IOException {
        Reader reader = utf8Reader(file);
        closer = reader;
        return reader;
    }

    /** Strict UTF-8 (a file in another encoding fails loudly instead of turning Vietnamese names into garbage), BOM skipped. */
    static Reader utf8Reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        Reader decoded = new java.io.InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        PushbackReader reader = new PushbackReader(new BufferedReader(decoded, 64 * 1024), 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }
}
