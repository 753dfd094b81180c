package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** PostgreSQL's plan of a query, for the tests that hold the ledger's queries to their indexes. */
final class QueryPlans {

    private QueryPlans() {
    }

    interface Binder {
        void bind(PreparedStatement statement) throws Exception;
    }

    /** The plan of {@code explain ...}, its parameters bound by {@code binder}, one line per node. */
    static String plan(Connection connection, String explain, Binder binder) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            binder.bind(statement);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
