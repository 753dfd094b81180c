package vn.voiceroutes.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
        eachFileOnce(file -> {
            List<String> lines = lines(file);
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; lines != null && i < lines.size(); i++) {
                if (number.matcher(lines.get(i)).find()) {
                    numbers.add(i + 1);
                }
            }
            return numbers.isEmpty() ? null : numbers;
        }).stillThere().forEach((file, numbers) -> found.add(new Found(work.relativize(file).toString(), numbers)));
        return found;
    }

    /** Erases its lines from every file naming it; how many files were changed. */
    public int erase(String nationalPhone) throws IOException {
        Pattern number = written(nationalPhone);
        return eachFileOnce(file -> FileLocks.existing(file, channel -> {
            Object opened = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            List<String> lines = lines(file);
            if (lines == null || lines.stream().noneMatch(line -> number.matcher(line).find())) {
                return null;
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
            if (!opened.equals(Files.readAttributes(file, BasicFileAttributes.class).fileKey())) {
                // moved away while it was read (a consumer took it into .done): the copy would bring it back to be
                // read again; it is erased where the next walk finds it
                Files.delete(copy);
                throw new NoSuchFileException(file.toString());
            }
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        })).said().size(); // a file erased and then moved was still erased
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

    /** How many times the work folder is walked again for files that moved into it while it was read. */
    static final int WALKS = 10;

    /**
     * Reads each regular file under the work folder (its data folder aside) once, and what it says about the number
     * (null: nothing). The work folder is not still while it is read: the file
     * consumers move a dropped file from its inbox into .done, Camel's lock files come and go, the results publisher
     * rolls its file. A file gone when read has moved (its new place is in a later walk); a file that moved into a
     * folder the walk had passed is missed by that walk. So the folder is walked again after each reading and the files
     * it did not list before are read, until a walk lists nothing new (or, on a folder that never stops taking files,
     * for WALKS walks: files dropped after the request began are not its business).
     */
    private <T> Readings<T> eachFileOnce(Reading<T> reading) throws IOException {
        Map<Path, T> said = new LinkedHashMap<>();
        Set<Path> read = new HashSet<>();
        List<Path> listed = walk();
        for (int i = 0; i < WALKS; i++) {
            List<Path> fresh = listed.stream().filter(file -> !read.contains(file)).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (Path file : fresh) {
                read.add(file);
                try {
                    T answer = reading.of(file);
                    if (answer != null) {
                        said.put(file, answer);
                    }
                } catch (NoSuchFileException gone) {
                    // moved since it was listed: read where the next walk finds it
                }
            }
            listed = walk();
        }
        return new Readings<>(said, new HashSet<>(listed));
    }

    /** What each file read said, and the files the last walk listed. */
    private record Readings<T>(Map<Path, T> said, Set<Path> lastListed) {
        /** What the files still there said (one moved since it was read is found again where it is now). */
        Map<Path, T> stillThere() {
            Map<Path, T> there = new LinkedHashMap<>(said);
            there.keySet().retainAll(lastListed);
            return there;
        }
    }

    private interface Reading<T> {
        T of(Path file) throws IOException;
    }

    private List<Path> walk() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(work)) {
            return files;
        }
        Path data = work.resolve("data");
        Files.walkFileTree(work, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(data) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                return gone(failure);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                return failure == null ? FileVisitResult.CONTINUE : gone(failure);
            }
        });
        return files;
    }

    /** A file or folder that went away while it was walked has moved; any other failure to read is the request's. */
    private static FileVisitResult gone(IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw failure;
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
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1))); // a lone \r stays inside its line
        if (text.isEmpty() || text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
