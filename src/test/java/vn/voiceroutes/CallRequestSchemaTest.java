package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.junit.jupiter.api.Test;

/**
 * schemas/call-request.schema.json takes what the readers take: every sample message, the schema's own examples, an
 * optional field left empty (the readers' "the default"); and refuses what they refuse.
 */
class CallRequestSchemaTest {

    private static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("schemas/call-request.schema.json"), StandardCharsets.UTF_8), InputFormat.JSON);
    }

    @Test
    void theSamplesAndAnEmptyOptionalFieldValidate() throws Exception {
        Schema schema = schema();
        List<String> requests = new ArrayList<>();
        for (String sample : List.of("samples/esms-otp-messages.jsonl", "samples/esms-record-messages.jsonl")) {
            Files.readAllLines(Path.of(sample), StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).forEach(requests::add);
        }
        Fixtures.JSON.readTree(Files.readString(Path.of("schemas/call-request.schema.json"))).path("examples")
                .forEach(example -> requests.add(example.toString()));
        // a CSV column left empty, as a JSON field: the readers take it as the default
        requests.add("{\"phone\":\"0912345661\",\"voice\":\"\",\"purpose\":\"\",\"isUnicode\":\"\",\"sandbox\":\"\"}");
        for (String request : requests) {
            assertThat(schema.validate(request, InputFormat.JSON)).as(request).isEmpty();
        }
    }

    @Test
    void whatTheReadersRefuseTheSchemaRefuses() throws Exception {
        Schema schema = schema();
        for (String refused : List.of("{\"voice\":\"female\"}", "{\"phone\":\"0912345661\",\"voice\":\"robot\"}",
                "{\"phone\":\"0912345661\",\"purpose\":\"marketing\"}", "{\"phone\":\"0912345661\",\"requestId\":\"has space\"}")) {
            assertThat(schema.validate(refused, InputFormat.JSON)).as(refused).isNotEmpty();
        }
    }

    /**
     * Every pattern in schemas/ is one every client's regex engine reads (python-jsonschema's re, ajv's ECMA-262
     * without the u flag, Java's): no Unicode property classes, no lookbehind. \\p{Lu} in the kamelet schema made
     * python-jsonschema refuse the whole schema while this build's Java validator took it.
     */
    @Test
    void everySchemasPatternsArePortable() throws Exception {
        List<String> patterns = new ArrayList<>();
        try (var schemas = Files.list(Path.of("schemas"))) {
            for (Path file : schemas.filter(f -> f.toString().endsWith(".json")).toList()) {
                Fixtures.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).findValues("pattern").stream()
                        .filter(com.fasterxml.jackson.databind.JsonNode::isTextual).forEach(p -> patterns.add(file + ": " + p.asText()));
            }
        }
        assertThat(patterns).isNotEmpty().noneMatch(p -> p.contains("\\p{") || p.contains("\\P{") || p.contains("(?<=") || p.contains("(?<!"));
    }
}
