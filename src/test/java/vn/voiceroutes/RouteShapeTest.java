package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.source.Channels;

/**
 * What a newcomer edits stays small and says each thing once (issue 27): no block of more than 10 lines written
 * twice under routes/ (a copy drifts: the fix lands in one and not the other), no route nested deeper than 8 levels
 * (4 columns a level: a list item and its key), and no provider name, list of channels or choice by a channel's name
 * written into a route or the console: those come from the provider's declaration (Channels, and the provider's
 * beans for what each of its channels goes through), where a typo fails at start instead of leaving a pause never
 * applied or a channel never claimed.
 */
class RouteShapeTest {

    private static final int LONGEST_REPEAT = 10;
    private static final int DEEPEST_LEVEL = 8;
    private static final int COLUMNS_PER_LEVEL = 4;

    @Test
    void noBlockOfMoreThanTenLinesIsWrittenTwice() throws IOException {
        Map<String, String> firstSeen = new LinkedHashMap<>();
        List<String> repeats = new ArrayList<>();
        for (Path file : files(Path.of("routes"), ".yaml")) {
            List<String> lines = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < all.size(); i++) {
                String line = all.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(line);
                    numbers.add(i + 1);
                }
            }
            for (int start = 0; start + LONGEST_REPEAT < lines.size(); start++) {
                String block = String.join("\n", lines.subList(start, start + LONGEST_REPEAT + 1));
                String here = file + ":" + numbers.get(start);
                String before = firstSeen.putIfAbsent(block, here);
                if (before != null) {
                    repeats.add(here + " repeats " + before);
                    start += LONGEST_REPEAT;
                }
            }
        }
        assertThat(repeats).as("blocks of more than %d lines written twice", LONGEST_REPEAT).isEmpty();
    }

    @Test
    void noRouteIsNestedDeeperThanEightLevels() throws IOException {
        List<String> deep = new ArrayList<>();
        for (Path file : files(Path.of("routes"), ".yaml")) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int indent = line.length() - line.stripLeading().length();
                if (!line.isBlank() && !line.strip().startsWith("#") && indent / COLUMNS_PER_LEVEL > DEEPEST_LEVEL) {
                    deep.add(file + ":" + (i + 1) + " is " + indent / COLUMNS_PER_LEVEL + " levels deep");
                    break;
                }
            }
        }
        assertThat(deep).isEmpty();
    }

    @Test
    void noProviderNameOrChannelListIsWrittenIntoARouteOrTheConsole() throws IOException {
        List<Pattern> literals = new ArrayList<>();
        for (String provider : Channels.byProvider().keySet()) {
            literals.add(Pattern.compile("['\"]" + Pattern.quote(provider) + "['\"]"));
        }
        String channel = "(" + String.join("|", Channels.ALL) + ")";
        // two channels in one literal, or one after another in a list
        literals.add(Pattern.compile(channel + "\\s*['\"]?\\s*,\\s*['\"]?\\s*" + channel));
        // a route that chooses by a channel's name (the channel's API, its operation): Java says it once
        literals.add(Pattern.compile("(==|!=)\\s*['\"]" + channel + "['\"]|['\"]" + channel + "['\"]\\s*(==|!=)"));
        List<Path> files = new ArrayList<>(files(Path.of("routes"), ".yaml"));
        files.addAll(files(Path.of("src/main/resources/console"), ".js"));
        files.addAll(files(Path.of("src/main/resources/console"), ".html"));
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("#") || line.startsWith("//")) {
                    continue;
                }
                for (Pattern literal : literals) {
                    if (literal.matcher(line).find()) {
                        found.add(file + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
