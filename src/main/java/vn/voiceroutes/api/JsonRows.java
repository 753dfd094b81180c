package vn.voiceroutes.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query's rows as the operator API answers them: one map per row, its columns named in camelCase (request_id ->
 * requestId), times in the given zone with their offset. A List argument is bound as a varchar array (any(?)).
 */
final class JsonRows {

    private JsonRows() {
    }

    static List<Map<String, Object>> of(Connection connection, ZoneId zone, String sql, List<?> args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof List<?> list) {
                    statement.setArray(i + 1, connection.createArrayOf("varchar", list.toArray()));
                } else {
                    statement.setObject(i + 1, args.get(i));
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = result.getObject(c);
                        if (value instanceof Timestamp timestamp) {
                            value = timestamp.toInstant().atZone(zone).toOffsetDateTime().toString();
                        }
                        row.put(camel(meta.getColumnLabel(c)), value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    static String camel(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
