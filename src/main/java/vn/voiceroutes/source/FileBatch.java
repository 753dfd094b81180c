package vn.voiceroutes.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import vn.voiceroutes.ledger.CallLedger.DispatchOutcome;

/**
 * One dropped CSV file being worked through: streams its rows (never loads the file), derives each row's RequestId
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
    private CSVParser parser;
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

    /** The data rows, one at a time. Fails with InvalidFileException when the header has no phone column. */
    public Iterator<CsvRow> rows() {
        try {
            Reader reader = utf8Reader(file);
            parser = CSVParser.builder().setReader(reader).setFormat(INPUT).get();
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            if (cause instanceof java.nio.charset.CharacterCodingException) {
                writeError(1, "file", "is not UTF-8 text", "");
                throw new InvalidFileException(fileName() + " is not UTF-8 text");
            }
            throw new UncheckedIOException("Cannot read " + fileName(), cause instanceof IOException io ? io : new IOException(cause));
        }
        List<String> header = parser.getHeaderNames();
        int columns = header.size();
        if (header.stream().noneMatch(name -> "phone".equalsIgnoreCase(name))) {
            String reason = header.isEmpty() ? "the file has no header row" : "the header row has no phone column (columns: " + String.join(", ", header) + ")";
            writeError(1, "header", reason, String.join(",", header));
            throw new InvalidFileException(fileName() + " line 1: " + reason);
        }
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                        String reason = "is not UTF-8 text after line " + parser.getCurrentLineNumber();
                        writeError(parser.getCurrentLineNumber() + 1, "file", reason, "");
                        throw new InvalidFileException(fileName() + " " + reason);
                    }
                    throw e;
                }
            }

            @Override
            public CsvRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CSVRecord record = records.next();
                rowsRead++;
                long line = parser.getCurrentLineNumber();
                List<String> raw = record.toList();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(columns, raw.size()); i++) {
                    values.put(header.get(i), raw.get(i));
                }
                String problem = raw.size() > columns
                        ? "has " + raw.size() + " values but the header has " + columns + " columns" : null;
                return new CsvRow(line, values, raw, problem);
            }
        };
    }

    public void count(DispatchOutcome outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    public long count(String outcome) {
        return outcomes.getOrDefault(DispatchOutcome.valueOf(outcome), 0L);
    }

    public void rejectRow(CsvRow row, String field, String reason) {
        count(DispatchOutcome.INVALID);
        writeError(row.line(), field, reason, INPUT.format(row.raw().toArray()));
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
        return String.format("%s file %s: %d rows read, %d submitted, %d rejected by the provider, %d invalid, "
                + "%d already handled, %d failed (see voice.dlq)%s", channel, fileName(), rowsRead,
                count("SUBMITTED"), count("REJECTED"), count("INVALID"), count("ALREADY_HANDLED"), count("FAILED"),
                errors == null ? "" : "; errors in " + errorFile);
    }

    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            if (errors != null) {
                errors.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
