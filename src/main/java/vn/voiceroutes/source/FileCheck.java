package vn.voiceroutes.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The first pass over a dropped file, before any of its rows is called: a file that cannot be read whole (not UTF-8,
 * a CSV quote never closed, broken JSON, a header that names a field twice) is refused whole, so no customer is called
 * from half a file and the error names the line where the file goes wrong. Streams the file (a million rows pass in a
 * small heap) and fingerprints its content on the way.
 */
public final class FileCheck {

    /** CSV as people write it: empty lines skipped, values trimmed, no header handling (the header is ours to check). */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();
    /** Where Commons CSV says a problem is: "(startline 3)", "(line 3)" or "at line: 3". */
    private static final Pattern CSV_LINE = Pattern.compile("(?:\\((?:startline|line) |at line: )(\\d+)");

    /** What the first pass learned: the content's fingerprint, its lines and, for CSV, its header. */
    public record Checked(String contentHash, long lines, List<String> header) {
    }

    private FileCheck() {
    }

    public static Checked check(Path file, InboxFormat format, String channel) {
        String name = file.getFileName().toString();
        Bytes bytes = scanBytes(file, name);
        List<String> header = switch (format) {
            case CSV -> checkCsv(file, name, channel);
            case JSON_ARRAY -> checkJsonArray(file, name);
            case JSON_LINES -> checkJsonLinesStart(file, name);
        };
        return new Checked(bytes.hash, bytes.lines, header);
    }

    private record Bytes(String hash, long lines) {
    }

    /**
     * SHA-256 of the bytes, and strict UTF-8 checked as it goes, so the error names the line that holds the first
     * byte that is not UTF-8 (a '\n' byte never occurs inside a UTF-8 sequence, so counting them is exact).
     */
    private static Bytes scanBytes(Path file, String name) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        long line = 1;
        boolean text = false;
        try (InputStream stream = new DigestInputStream(Files.newInputStream(file), digest)) {
            boolean end = false;
            while (!end) {
                int read = stream.read(in.array(), in.position(), in.remaining());
                if (read < 0) {
                    end = true;
                } else {
                    in.position(in.position() + read);
                }
                in.flip();
                while (true) {
                    int from = in.position();
                    CoderResult result = utf8.decode(in, out, end);
                    for (int i = from; i < in.position(); i++) {
                        if (in.get(i) == '\n') {
                            line++;
                        }
                    }
                    out.flip();
                    while (!text && out.hasRemaining()) {
                        char c = out.get();
                        text = !Character.isWhitespace(c) && c != '\uFEFF';
                    }
                    out.clear();
                    if (result.isError()) {
                        throw new InvalidFileException(name, line, "is not UTF-8 text: line " + line + " holds bytes that are "
                                + "not UTF-8 (saved as Windows-1258 or ANSI?). Save it as UTF-8 and drop it again");
                    }
                    if (result.isUnderflow()) {
                        break;
                    }
                }
                in.compact();
            }
            utf8.flush(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
        if (!text) {
            throw new InvalidFileException(name, 1, "is empty");
        }
        return new Bytes(HexFormat.of().formatHex(digest.digest()), line);
    }

    /**
     * The header: at least one row, a phone column, and no two columns with the same name (in any case: "Phone" and
     * "phone" are one field, and a record must never be called with whichever came last). A column without a name is
     * allowed (a trailing comma) as long as no row puts a value under it. Then every row is parsed, so a quote that
     * is never closed is found before anything is called.
     */
    private static List<String> checkCsv(Path file, String name, String channel) {
        try (Reader reader = FileRows.utf8Reader(file); CSVParser csv = CSVParser.builder().setReader(reader).setFormat(CSV).get()) {
            Iterator<CSVRecord> records = csv.iterator();
            if (!hasNext(records, name)) {
                throw new InvalidFileException(name, 1, "has no header row");
            }
            CSVRecord first = records.next();
            List<String> header = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                header.add(first.get(i).strip());
            }
            // Until the header names a phone column the file has not shown it is a call list: the reason says nothing
            // of what it holds (a file the application could read and the dropper could not, reached through a link,
            // must not be quoted back)
            if (header.stream().noneMatch(column -> column.equalsIgnoreCase("phone"))) {
                throw new InvalidFileException(name, 1, "the header row has no phone column (" + header.size()
                        + (header.size() == 1 ? " column" : " columns") + "): is it a call list?");
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String column = header.get(i);
                if (column.isEmpty()) {
                    continue;
                }
                Integer earlier = columns.putIfAbsent(column.toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    throw new InvalidFileException(name, csv.getCurrentLineNumber(), "the header names '" + column
                            + "' twice (columns " + (earlier + 1) + " and " + (i + 1) + "): which one is meant?");
                }
            }
            while (hasNext(records, name)) {
                records.next();
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static boolean hasNext(Iterator<CSVRecord> records, String name) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            String message = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            Matcher at = CSV_LINE.matcher(message == null ? "" : message);
            long line = at.find() ? Long.parseLong(at.group(1)) : 0;
            String reason;
            if (message != null && message.contains("EOF reached before encapsulated token finished")) {
                reason = "a quote (\") opened on line " + line + " is never closed";
            } else if (message != null && message.contains("between encapsulated token and delimiter")) {
                reason = "is not valid CSV: line " + line + " has a character after the closing quote of a value";
            } else {
                reason = "is not valid CSV: " + message;
            }
            throw new InvalidFileException(name, line, reason);
        }
    }

    /**
     * A JSON array, read through to its end: broken JSON anywhere refuses the file. Elements that are not flat objects
     * are problems of their record only, found when the record is read.
     */
    private static List<String> checkJsonArray(Path file, String name) {
        try (Reader reader = FileRows.utf8Reader(file); JsonParser json = FlatJson.FACTORY.createParser(reader)) {
            try {
                if (json.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidFileException(name, json.currentLocation().getLineNr(),
                            "is not a JSON array of objects ([{...}, {...}])");
                }
                JsonToken token;
                while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw new InvalidFileException(name, json.currentLocation().getLineNr(), "ends before its array is closed");
                    }
                    json.skipChildren();
                }
                if (json.nextToken() != null) {
                    throw new InvalidFileException(name, json.currentLocation().getLineNr(), "holds more after its array");
                }
            } catch (JsonProcessingException e) {
                // where, never what: the parser's message quotes the text it met
                throw new InvalidFileException(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                        "is not valid JSON" + where(e));
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * JSON lines are read one record at a time, each bad line an error of its own with the line copied into the error
     * file. A file none of whose lines is a JSON object is no call list at all: it is refused whole, none of its lines
     * quoted. The scan stops at the first object, which in a real list is its first line.
     */
    private static List<String> checkJsonLinesStart(Path file, String name) {
        try (java.io.BufferedReader reader = new java.io.BufferedReader(FileRows.utf8Reader(file))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (!text.isBlank() && isJsonObject(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
                    return List.of();
                }
            }
            throw new InvalidFileException(name, 1, "is not JSON lines: no line is a JSON object ({\"phone\": ...} on each line)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static boolean isJsonObject(String line) {
        try (JsonParser json = FlatJson.FACTORY.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            json.skipChildren();
            return json.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
