package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ledger's small JDBC helper: a statement run with its parameters in order (a value, or a collection of them,
 * e.g. Claims.freeFor's), for the statements whose answer is a count or one column of ids.
 */
final class Sql {

    private Sql() {
    }

    /** Runs an update; how many rows it changed. */
    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** Runs a query (or an update ... returning), the first column of each row it answers. */
    static List<String> strings(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepared(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A varchar array parameter: {@code = any(?)}. */
    static java.sql.Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }

    /** The statement with its parameters set in order; a collection parameter stands for its values, in order. */
    static PreparedStatement prepared(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            int index = 1;
            for (Object parameter : parameters) {
                if (parameter instanceof Collection<?> values) {
                    for (Object value : values) {
                        statement.setObject(index++, value);
                    }
                } else {
                    statement.setObject(index++, parameter);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
