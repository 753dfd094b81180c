package vn.voiceroutes.source;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one call request written as a flat JSON object (an element of a JSON array file, a line of a JSON-lines
 * file, a queue message) from a streaming parser, field by field, so that what a tree would silently merge is seen:
 * a field named twice (in any case: "phone" and "Phone" are one field) is a problem of the record, as is a field
 * holding an object or an array. Numbers keep the text they were written with ("1.50" stays "1.50").
 */
public final class FlatJson {

    public static final JsonFactory FACTORY = new JsonFactory();

    private FlatJson() {
    }

    /** Reads the value at the parser's current token (already advanced to it) as the record at this position. */
    public static InputRow read(JsonParser json, long line, long number) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator copy = FACTORY.createGenerator(text)) {
            if (json.currentToken() != JsonToken.START_OBJECT) {
                copy.copyCurrentStructure(json);
                copy.flush();
                return new InputRow(line, number, Map.of(), text.toString(), "is not a JSON object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> seen = new HashMap<>();
            String problem = null;
            copy.writeStartObject();
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                copy.writeFieldName(name);
                JsonToken value = json.nextToken();
                copy.copyCurrentStructure(json);
                String earlier = seen.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name);
                if (problem != null) {
                    continue;
                }
                if (earlier != null) {
                    problem = earlier.equals(name) ? "names the field '" + name + "' twice"
                            : "names the field '" + name + "' twice ('" + earlier + "' and '" + name + "'): which one is meant?";
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    problem = "field " + name + " holds an object or array; fields must be text or numbers";
                } else if (value != JsonToken.VALUE_NULL) {
                    values.put(name, json.getText());
                }
            }
            copy.writeEndObject();
            copy.flush();
            return new InputRow(line, number, values, text.toString(), problem);
        }
    }

    /** One record from a text holding one JSON value and nothing else (a JSON line, a queue message). */
    public static InputRow readText(String text, long line, long number) throws IOException {
        try (JsonParser json = FACTORY.createParser(text)) {
            JsonToken first = json.nextToken();
            if (first == null) {
                return new InputRow(line, number, Map.of(), text, "is empty");
            }
            InputRow row = read(json, line, number);
            if (json.nextToken() != null) {
                return new InputRow(line, number, Map.of(), text, "holds more than one JSON value");
            }
            return row;
        }
    }
}
