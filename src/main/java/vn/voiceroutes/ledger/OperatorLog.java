package vn.voiceroutes.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** What operators did through the console or the API (cancel, replay, resume): who, what, when, kept for audit. */
public class OperatorLog {

    /** One action: when (ISO-8601 instant), who ("console (lan)", "API (billing)"), what, to what, and what came of it. */
    public record Action(String at, String operator, String action, String target, String outcome) {
    }

    private final LedgerDatabase db;

    public OperatorLog(LedgerDatabase db) {
        this.db = db;
    }

    public void record(String operator, String action, String target, String outcome) {
        db.autocommit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into operator_action (operator, action, target, outcome) values (?, ?, ?, ?)")) {
                insert.setString(1, operator);
                insert.setString(2, action);
                insert.setString(3, target);
                insert.setString(4, outcome);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The newest actions first. */
    public List<Action> recent(int limit) {
        return db.autocommit(connection -> {
            List<Action> actions = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select at, operator, action, target, outcome from operator_action order by at desc, id desc limit ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        actions.add(new Action(rows.getTimestamp(1).toInstant().toString(), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5)));
                    }
                }
            }
            return actions;
        });
    }
}
