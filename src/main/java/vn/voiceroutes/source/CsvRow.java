package vn.voiceroutes.source;

import java.util.List;
import java.util.Map;

/** One data row of a dropped CSV file: its line number, its values by header name, and its raw values. */
public record CsvRow(long line, Map<String, String> values, List<String> raw, String problem) {
}
