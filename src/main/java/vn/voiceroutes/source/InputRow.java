package vn.voiceroutes.source;

import java.util.Map;

/**
 * One record of a source: a CSV row, an object of a JSON file, or a JSON message. Its position (line or element),
 * its values by field name in their order, the record as written (for the error file), and what is wrong with its
 * shape, if anything.
 */
public record InputRow(long line, Map<String, String> values, String record, String problem) {
}
