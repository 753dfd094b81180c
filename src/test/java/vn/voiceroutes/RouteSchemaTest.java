package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.junit.jupiter.api.Test;

/**
 * Every route file validates against Camel's own YAML DSL schema (schema/camelYamlDsl.json in the camel-yaml-dsl jar
 * the application runs with), as Karavan and the VS Code Camel extension check it: engineers edit routes there, and a
 * file those tools show in error (a number where the schema wants a string, a placeholder in a boolean) is one they
 * cannot trust. Kamelets are checked by their own (CRD) shape elsewhere.
 */
class RouteSchemaTest {

    @Test
    void everyRouteFileValidatesAgainstCamelsYamlDslSchema() throws Exception {
        Schema schema = camelYamlDsl();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            files = walk.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(30);
        for (Path file : files) {
            problems.addAll(problems(schema, file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aRouteFileWithASchemaErrorIsFound() throws Exception {
        Schema schema = camelYamlDsl();
        Path file = Path.of("routes/outcomes/esms-voice-status-poll.camel.yaml");
        String route = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(problems(schema, "as shipped", route)).isEmpty();
        // a number where the schema wants a string, as six files had before
        String broken = route.replaceFirst("(?m)^(\\s+)- to: direct:esms-voice-status-ask$", "$1- setHeader:\n$1    name: X\n$1    constant: 1\n$0");
        assertThat(broken).isNotEqualTo(route);
        assertThat(problems(schema, "broken", broken)).isNotEmpty();
    }

    private static Schema camelYamlDsl() throws java.io.IOException {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    /** The innermost complaint of each place (a oneOf's failures repeat it for every alternative). */
    private static List<String> problems(Schema schema, String name, String yaml) {
        return schema.validate(yaml, InputFormat.YAML).stream()
                .filter(error -> error.getMessage().contains("found,") || error.getMessage().contains("is not defined")
                        || error.getMessage().contains("does not match"))
                .map(error -> name + ": " + error.getInstanceLocation() + ": " + error.getMessage())
                .distinct().toList();
    }
}
