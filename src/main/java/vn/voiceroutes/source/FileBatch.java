package vn.voiceroutes.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import vn.voiceroutes.ledger.CallLedger.DispatchOutcome;

/**
 * One dropped file (CSV, JSON array or JSON lines) being worked through: streams its rows (never loads the file), derives each row's RequestId
 * from the file's content and the row's line, counts outcomes and writes the rows it cannot call to an error file.
 */
public class FileBatch implements AutoCloseable {

    private static final CSVFormat INPUT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).get();
    private static final CSVFormat ERRORS = CSVFormat.DEFAULT.builder().setHeader("file", "line", "field", "reason", "record").get();

    private final String channel;
    private final Path file;
    private final Path errorFile;
    private final String contentHash;
    private final Map<DispatchOutcome, Long> outcomes = new EnumMap<>(DispatchOutcome.class);
    private long rowsRead;
    private static final ObjectMapper JSON = new ObjectMapper();
    private AutoCloseable closer;
    private CSVPrinter errors;

    public FileBatch(String channel, Path file, Path errorFolder) {
        this.channel = channel;
        this.file = file;
        this.errorFile = errorFolder.resolve(file.getFileName() + ".errors.csv");
        this.contentHash = sha256(file);
        try {
            // The whole file is read again after a restart, so its error file is written again from the start.
            Files.deleteIfExists(errorFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace error file " + errorFile, e);
        }
    }

    public String channel() {
        return channel;
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    /** Identifies the content, not the name: the same content dropped again yields the same RequestIds. */
    public String contentHash() {
        return contentHash;
    }

    public Path errorFile() {
        return errorFile;
    }

    /** The records one at a time: CSV rows (.csv), objects of a JSON array (.json), JSON lines (.jsonl). */
    public Iterator<InputRow> rows() {
        String name = fileName().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".json")) {
            return jsonArrayRows();
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLineRows();
        }
        return csvRows();
    }

    /** CSV with a header row. Fails with InvalidFileException when the header has no phone column. */
    private Iterator<InputRow> csvRows() {
        CSVParser csv;
        try {
            csv = CSVParser.builder().setReader(open()).setFormat(INPUT).get();
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(e, 0);
        }
        List<String> header = csv.getHeaderNames();
        int columns = header.size();
        if (header.stream().noneMatch(name -> "phone".equalsIgnoreCase(name))) {
            String reason = header.isEmpty() ? "the file has no header row" : "the header row has no phone column (columns: " + String.join(", ", header) + ")";
            writeError(1, "header", reason, String.join(",", header));
            throw new InvalidFileException(fileName() + " line 1: " + reason);
        }
        Iterator<CSVRecord> records = csv.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException e) {
                    throw unreadable(e, csv.getCurrentLineNumber());
                }
            }

            @Override
            public InputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CSVRecord record = records.next();
                rowsRead++;
                List<String> raw = record.toList();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(columns, raw.size()); i++) {
                    values.put(header.get(i), raw.get(i));
                }
                String problem = raw.size() > columns
                        ? "has " + raw.size() + " values but the header has " + columns + " columns" : null;
                return new InputRow(csv.getCurrentLineNumber(), values, INPUT.format(raw.toArray()), problem);
            }
        };
    }

    /** A JSON array of flat objects, streamed element by element; the position is the line the object starts on. */
    private Iterator<InputRow> jsonArrayRows() {
        JsonParser json;
        try {
            json = JSON.getFactory().createParser(open());
            if (json.nextToken() != JsonToken.START_ARRAY) {
                writeError(1, "file", "is not a JSON array of objects", "");
                throw new InvalidFileException(fileName() + " is not a JSON array of objects");
            }
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(e, 0);
        }
        closer = json;
        return new Iterator<>() {
            private JsonToken next = advance();

            private JsonToken advance() {
                try {
                    return json.nextToken();
                } catch (IOException e) {
                    throw unreadable(e, json.currentLocation().getLineNr());
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
                rowsRead++;
                long line = json.currentLocation().getLineNr();
                InputRow row;
                try {
                    JsonNode node = JSON.readTree(json);
                    row = jsonRow(line, node);
                } catch (IOException e) {
                    throw unreadable(e, line);
                }
                next = advance();
                return row;
            }
        };
    }

    /** One JSON object per line; a line that is not one is a bad record, and the rest of the file goes on. */
    private Iterator<InputRow> jsonLineRows() {
        BufferedReader lines;
        try {
            lines = new BufferedReader(open());
        } catch (IOException e) {
            throw unreadable(e, 0);
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
                    throw unreadable(e, lineNumber);
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
                rowsRead++;
                String text = pending;
                long line = lineNumber;
                pending = read();
                try {
                    return jsonRow(line, JSON.readTree(text));
                } catch (IOException e) {
                    return new InputRow(line, Map.of(), text, "is not a JSON object");
                }
            }
        };
    }

    /** A flat JSON object as a record: its fields in order, numbers and booleans as text. */
    public static InputRow jsonRow(long position, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new InputRow(position, Map.of(), String.valueOf(node), "is not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        String problem = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                problem = "field " + field.getKey() + " holds an object or array; fields must be text or numbers";
            } else if (!value.isNull()) {
                values.put(field.getKey(), value.asText());
            }
        }
        return new InputRow(position, values, node.toString(), problem);
    }

    private Reader open() throws IOException {
        Reader reader = utf8Reader(file);
        closer = reader;
        return reader;
    }

    private RuntimeException unreadable(Exception e, long line) {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        if (cause instanceof CharacterCodingException) {
            String reason = "is not UTF-8 text" + (line > 0 ? " after line " + line : "");
            writeError(line + 1, "file", reason, "");
            return new InvalidFileException(fileName() + " " + reason);
        }
        if (cause instanceof JsonProcessingException json) {
            String reason = "is not valid JSON: " + json.getOriginalMessage();
            writeError(json.getLocation() == null ? line : json.getLocation().getLineNr(), "file", reason, "");
            return new InvalidFileException(fileName() + " " + reason);
        }
        return new UncheckedIOException("Cannot read " + fileName(), cause instanceof IOException io ? io : new IOException(cause));
    }

    public void count(DispatchOutcome outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    public long count(String outcome) {
        return outcomes.getOrDefault(DispatchOutcome.valueOf(outcome), 0L);
    }

    public void rejectRow(InputRow row, String field, String reason) {
        count(DispatchOutcome.INVALID);
        writeError(row.line(), field, reason, row.record());
    }

    private void writeError(long line, String field, String reason, String record) {
        try {
            if (errors == null) {
                Files.createDirectories(errorFile.getParent());
                Writer writer = Files.newBufferedWriter(errorFile, StandardCharsets.UTF_8);
                errors = new CSVPrinter(writer, ERRORS);
            }
            errors.printRecord(fileName(), line, field, reason, record);
            errors.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write error file " + errorFile, e);
        }
    }

    public String summary() {
        return String.format("%s file %s: %d rows read, %d submitted, %d held for a campaign, %d rejected by the provider, "
                + "%d invalid, %d already handled, %d failed (see voice.dlq)%s", channel, fileName(), rowsRead,
                count("SUBMITTED"), count("BATCHED"), count("REJECTED"), count("INVALID"), count("ALREADY_HANDLED"),
                count("FAILED"), errors == null ? "" : "; errors in " + errorFile);
    }

    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        try {
            if (closer != null) {
                closer.close();
            }
            if (errors != null) {
                errors.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot close " + fileName(), e);
        }
    }

    private static Reader utf8Reader(Path file) throws IOException {
        // Strict UTF-8: a file in another encoding fails loudly instead of turning Vietnamese names into garbage.
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

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
