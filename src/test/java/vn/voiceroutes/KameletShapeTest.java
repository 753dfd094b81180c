package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.junit.jupiter.api.Test;

/**
 * Every kamelet has the shape of Camel's Kamelet catalog (schemas/kamelet.schema.json: the rules of the catalog's
 * validator a schema can say) and passes the validator's other rules: its file named after it, every parameter it
 * declares used and every one it uses declared, a title and description of its own, the dependencies its steps
 * need, the catalog and project versions it names the ones this build has. Karavan and Camel JBang show kamelets by
 * this shape; one that breaks it fails the build.
 */
class KameletShapeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // the validator's own: {{name}}, {{?name}} and {{name:default}}
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{[?]?([A-Za-z0-9-._]+)(?:[:][^}]*)?}}");

    @Test
    void everyKameletHasTheCatalogsShape() throws Exception {
        List<Path> files = kamelets();
        assertThat(files).hasSize(1);
        List<String> problems = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            problems.addAll(schemaProblems(file.toString(), text));
            JsonNode kamelet = YAML.readTree(text);
            String name = kamelet.path("metadata").path("name").asText();
            if (!file.getFileName().toString().equals(name + ".kamelet.yaml")) {
                problems.add(file + ": the file is not named after kamelet " + name);
            }
            JsonNode definition = kamelet.path("spec").path("definition");
            if (!titles.add(definition.path("title").asText())) {
                problems.add(file + ": title used by another kamelet");
            }
            if (!descriptions.add(definition.path("description").asText())) {
                problems.add(file + ": description used by another kamelet");
            }
            problems.addAll(parameterProblems(file, kamelet));
            problems.addAll(dependencyProblems(file, kamelet));
            String catalog = kamelet.path("metadata").path("annotations").path("camel.apache.org/catalog.version").asText();
            if (!catalog.equals(pomProperty("camel.version"))) {
                problems.add(file + ": catalog.version " + catalog + " is not this build's Camel " + pomProperty("camel.version"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aKameletThatBreaksTheShapeIsFound() throws Exception {
        String token = Files.readString(Path.of("routes/kamelets/vbot-token-action.kamelet.yaml"), StandardCharsets.UTF_8);
        assertThat(schemaProblems("token", token)).isEmpty();
        // a title without the kamelet's type, a property without its own
        String broken = token.replaceFirst("(?m)^    title: (.*) Action$", "    title: $1")
                .replaceFirst("(?m)^(      vbotUrl:\\n(?:        .*\\n)*?)        type: string\\n", "$1");
        assertThat(broken).isNotEqualTo(token);
        assertThat(String.join("\n", schemaProblems("broken", broken))).contains("/spec/definition/title")
                .contains("/spec/definition/properties/vbotUrl");
    }

    static List<String> schemaProblems(String name, String yaml) throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("schemas/kamelet.schema.json"), StandardCharsets.UTF_8), InputFormat.JSON);
        return schema.validate(yaml, InputFormat.YAML).stream()
                .map(error -> name + ": " + error.getInstanceLocation() + ": " + error.getMessage()).distinct().toList();
    }

    private static List<String> parameterProblems(Path file, JsonNode kamelet) {
        Set<String> declared = new TreeSet<>();
        kamelet.path("spec").path("definition").path("properties").fieldNames().forEachRemaining(declared::add);
        kamelet.path("spec").path("template").path("beans").forEach(bean -> declared.add(bean.path("name").asText()));
        Set<String> used = new TreeSet<>();
        collectParameters(kamelet.path("spec").path("template"), used);
        List<String> problems = new ArrayList<>();
        used.stream().filter(p -> !declared.contains(p)).forEach(p -> problems.add(file + ": parameter " + p + " is used but not declared"));
        declared.stream().filter(p -> !used.contains(p)).forEach(p -> problems.add(file + ": parameter " + p + " is declared but never used"));
        return problems;
    }

    private static void collectParameters(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            Matcher m = PARAMETER.matcher(node.asText());
            while (m.find()) {
                into.add(m.group(1));
            }
        }
        node.forEach(child -> collectParameters(child, into));
    }

    /** What the steps need, said in the dependencies (the validator asks camel-k's metadata for the same). */
    private static List<String> dependencyProblems(Path file, JsonNode kamelet) throws Exception {
        Set<String> dependencies = new HashSet<>();
        kamelet.path("spec").path("dependencies").forEach(d -> dependencies.add(d.asText()));
        Set<String> needed = new TreeSet<>();
        needsOf(kamelet.path("spec").path("template"), needed);
        List<String> problems = new ArrayList<>();
        needed.stream().filter(d -> !dependencies.contains(d)).forEach(d -> problems.add(file + ": needs dependency " + d));
        String project = "mvn:vn.voiceroutes:voice-routes:" + projectVersion();
        dependencies.stream().filter(d -> d.startsWith("mvn:vn.voiceroutes:") && !d.equals(project))
                .forEach(d -> problems.add(file + ": " + d + " is not this build (" + project + ")"));
        return problems;
    }

    private static void needsOf(JsonNode node, Set<String> needed) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("bean")) {
                needed.add("camel:bean");
            }
            if (field.getKey().equals("uri") && field.getValue().isTextual()) {
                String uri = field.getValue().asText();
                if (uri.startsWith("kamelet:")) {
                    needed.add("camel:kamelet");
                } else if (uri.matches("(https?:|\\{\\{\\w+Url}}).*")) {
                    needed.add("camel:http");
                }
            }
        });
        node.forEach(child -> needsOf(child, needed));
    }

    private static List<Path> kamelets() throws Exception {
        try (Stream<Path> list = Files.list(Path.of("routes/kamelets"))) {
            return list.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
    }

    private static String pomProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Path.of("pom.xml")));
        return m.find() ? m.group(1) : "";
    }

    private static String projectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>voice-routes</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        return m.find() ? m.group(1) : "";
    }
}
