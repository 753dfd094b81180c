package vn.voiceroutes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure a newcomer can live in, checked: packages without cycles (the composition root,
 * VoiceConfiguration, lives above them in vn.voiceroutes), a ledger that knows no Camel and no provider, and source files short
 * enough to read (300 lines at most).
 */
class StructureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.voiceroutes");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("vn.voiceroutes.(*)..").should().beFreeOfCycles().check(production);
    }

    /**
     * The same from the sources: javac copies a constant into the class that reads it, so the classes alone do not
     * show a package reading another's constants (a provider's wire names, a channel's name).
     */
    @Test
    void noCycleBetweenPackagesInTheSourcesEither() throws IOException {
        Map<String, Set<String>> uses = sourceDependencies();
        for (String start : uses.keySet()) {
            List<String> cycle = pathBack(uses, start, start, new ArrayList<>(List.of(start)), new HashSet<>());
            assertThat(cycle).as("a cycle between packages: " + cycle).isNull();
        }
    }

    /** The simulator reads requests with the names the providers' documents give, never with the client's constants. */
    @Test
    void theSimulatorSharesNoNameWithTheClient() throws IOException {
        assertThat(sourceDependencies().getOrDefault("simulator", Set.of())).doesNotContain("esms", "vbot", "ledger", "source");
    }

    @Test
    void theLedgerKnowsNoCamelAndNoProvider() {
        noClasses().that().resideInAPackage("vn.voiceroutes.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "vn.voiceroutes.esms..",
                        "vn.voiceroutes.vbot..", "vn.voiceroutes.config..", "vn.voiceroutes.source..")
                .check(production);
    }

    @Test
    void noSourceFileOver300Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> long_ = files.filter(file -> file.toString().endsWith(".java")).filter(file -> lines(file) > 300)
                    .map(file -> file + " (" + lines(file) + " lines)").toList();
            assertThat(long_).as("source files over 300 lines").isEmpty();
        }
    }

    /** A test waits for what it means (Awaitility, NotifyBuilder, the simulator's requests), never a fixed time. */
    @Test
    void noTestSleeps() throws IOException {
        String sleep = "Thread." + "sleep(";
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            List<String> sleeping = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.toString().contains("/bench/"))
                    .filter(file -> read(file).contains(sleep)).map(Path::toString).toList();
            assertThat(sleeping).as("tests with a fixed sleep").isEmpty();
        }
    }

    /**
     * Every test stands on its own: none is ordered after another (a test that needs another's calls, session or
     * lockout passes only in that order, and hides what it needs). Each of a class's tests passes alone.
     */
    @Test
    void noTestIsOrderedAfterAnother() throws IOException {
        String ordered = "@Test" + "MethodOrder";
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            List<String> found = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains(ordered)).map(Path::toString).toList();
            assertThat(found).as("test classes that order their tests").isEmpty();
        }
    }

    /**
     * The ledger's rules written once: who may claim a row (Claims), what a call's end sets and how its result is
     * queued (ResultOutbox). A statement of its own would drift from them (one had its own lease, one forgot a claim).
     */
    @Test
    void theClaimRuleAndTheResultQueueAreWrittenOnce() throws IOException {
        Map<String, String> owner = Map.of("claimed_until < now()", "Claims.java", "claimed_until - ?", "Claims.java",
                "claimed_until = now() +", "Claims.java", "insert into result_outbox", "ResultOutbox.java",
                "finished_at = now(),", "ResultOutbox.java");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/vn/voiceroutes/ledger"))) {
            List<Path> ledger = files.filter(file -> file.toString().endsWith(".java")).toList();
            List<String> elsewhere = new ArrayList<>();
            owner.forEach((rule, home) -> ledger.stream().filter(file -> !file.getFileName().toString().equals(home))
                    .filter(file -> read(file).contains(rule)).forEach(file -> elsewhere.add(rule + " in " + file.getFileName())));
            assertThat(elsewhere).as("ledger rules written outside their one place").isEmpty();
        }
    }

    /** A setting's default is written once, in config/application.properties: no read in Java gives one of its own. */
    @Test
    void noSettingHasADefaultInJava() throws IOException {
        java.util.regex.Pattern withDefault = java.util.regex.Pattern.compile(
                "settings\\.(get|getInt|getLong|getBoolean|getMillis)\\(\"[a-z0-9.-]+\",\\s*+(?!\"\"\\))[^)]*\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> defaults = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> withDefault.matcher(read(file)).results().map(m -> file.getFileName() + ": " + m.group()))
                    .toList();
            assertThat(defaults).as("settings read with a default of their own (put it in config/application.properties)").isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Per package under vn.voiceroutes (sub-packages in it), the others its sources name, by import or in full. */
    static Map<String, Set<String>> sourceDependencies() throws IOException {
        Path root = Path.of("src/main/java/vn/voiceroutes");
        Pattern named = Pattern.compile("vn\\.voiceroutes\\.([a-z]\\w*)\\.");
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the composition root, above the packages
                }
                String own = relative.getName(0).toString();
                Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
                Matcher matcher = named.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(own)) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** A path from {@code at} back to {@code start}, or null. */
    private static List<String> pathBack(Map<String, Set<String>> uses, String start, String at, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = pathBack(uses, start, next, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
