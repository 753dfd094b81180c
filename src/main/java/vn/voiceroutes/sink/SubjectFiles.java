package vn.voiceroutes.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files under the work folder that name a phone number (results, reports, error files, the kept copies of
 * dropped files, previews, files still waiting in an inbox), found in any form it may be written in (0912345678,
 * 84912345678, +84 912 345 678, 0912.345.678), and its lines erased: each line naming it is replaced by a line that
 * says it was erased (in a results .jsonl file, the result's id and outcome with "erased": true; "# erased"
 * elsewhere), so the other lines keep their numbers and a results reader still parses every line.
 * Each file is replaced whole (a copy written beside it, then moved over it), locked against the results
 * publisher's appends. The work folder's data folder (the embedded broker's journal and database) is not read: the
 * database is erased by its own statements.
 */
public final class SubjectFiles {

    private final Path work;

    public SubjectFiles(Path work) {
        this.work = work;
    }

    /** The number's national digits after the 0, each written with or without a separator after it. */
    public static Pattern written(String nationalPhone) {
        String digits = nationalPhone.substring(1);
        StringBuilder regex = new StringBuilder("(?<![0-9])(?:\\+?84|0)?[\\s.\\-()]*");
        for (int i = 0; i < digits.length(); i++) {
            regex.append(digits.charAt(i));
            if (i < digits.length() - 1) {
                regex.append("[\\s.\\-()]?");
            }
        }
        return Pattern.compile(regex.append("(?![0-9])").toString());
    }

    /** The files that name it: their paths under the work folder and the numbers of those lines. */
    public record Found(String path, List<Integer> lines) {
    }

    public List<Found> find(String nationalPhone) throws IOException {
        Pattern number = written(nationalPhone);
        List<Found> found = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = lines(file);
            if (lines == null) {
                continue;
            }
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (number.matcher(lines.get(i)).find()) {
                    numbers.add(i + 1);
                }
            }
            if (!numbers.isEmpty()) {
                found.add(new Found(work.relativize(file).toString(), numbers));
            }
        }
        return found;
    }

    /** Erases its lines from every file naming it; how many files were changed. */
    public int erase(String nationalPhone) throws IOException {
        Pattern number = written(nationalPhone);
        int changed = 0;
        for (Path file : textFiles()) {
            boolean rewritten = FileLocks.existing(file, channel -> {
                List<String> lines = lines(file);
                if (lines == null || lines.stream().noneMatch(line -> number.matcher(line).find())) {
                    return false;
                }
                boolean json = file.getFileName().toString().endsWith(".jsonl");
                StringBuilder text = new StringBuilder();
                for (String line : lines) {
                    text.append(!number.matcher(line).find() ? line : json ? erasedResult(line) : "# erased").append('\n');
                }
                Path copy = file.resolveSibling("." + file.getFileName() + ".erasing");
                Files.deleteIfExists(copy);
                Files.createFile(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(copy, text, StandardCharsets.UTF_8);
                Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            });
            if (rewritten) {
                changed++;
            }
        }
        return changed;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** What an erased result line keeps: what the call was and how it ended, nothing of who it was to. */
    private static final List<String> RESULT_KEPT = List.of("requestId", "channel", "status", "attempt", "attempts", "finishedAt");

    /** A results file's line of the number: its call's id and outcome kept, and "erased": true. */
    static String erasedResult(String line) {
        com.fasterxml.jackson.databind.node.ObjectNode kept = JSON.createObjectNode();
        try {
            com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(line);
            for (String field : RESULT_KEPT) {
                if (result.hasNonNull(field)) {
                    kept.set(field, result.get(field));
                }
            }
        } catch (IOException e) {
            kept.removeAll(); // not a result: nothing of it kept
        }
        return kept.put("erased", true).toString();
    }

    private List<Path> textFiles() throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        Path data = work.resolve("data");
        try (Stream<Path> paths = Files.walk(work)) {
            return paths.filter(Files::isRegularFile).filter(path -> !path.startsWith(data)).toList();
        }
    }

    /** Its lines, or null if it is not UTF-8 text (a spreadsheet, an archive: not read). */
    private static List<String> lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1)).subList(0, text.endsWith("\n") ? text.split("\r?\n", -1).length - 1 : text.split("\r?\n", -1).length);
    }
}
