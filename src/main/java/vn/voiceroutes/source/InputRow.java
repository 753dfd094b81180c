package vn.voiceroutes.source;

import java.util.Map;

/**
 * One record of a source: a CSV row, an object of a JSON file, or a JSON message. Its line (where it starts) and
 * its number (1 for the first record of the file, whatever the lines: a JSON array may hold many records on one
 * line), its values by field name in their order, the record as written (for the error file), and what is wrong with
 * its shape, if anything.
 */
public record InputRow(long line, long number, Map<String, String> values, String record, String problem) {
}
