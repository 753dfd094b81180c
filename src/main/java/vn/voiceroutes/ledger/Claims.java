package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Who may claim a ledger row (call_request, result_outbox, webhook_event: the tables with claimed_by and
 * claimed_until), written once. A claim is a lease: the node that took the row holds it until claimed_until, so nodes
 * share the work and none waits for another. A row is free when its lease ran out (its node died, or could not record
 * what it did) or never was, and also when this node took it before it last started: a node restarted after a crash
 * takes back at once what it held, without waiting out its own lease.
 */
final class Claims {

    private Claims() {
    }

    /** No live node holds the row (its lease ran out, or it has none); no parameters. */
    static String lapsed(String table) {
        return "(" + table + ".claimed_until is null or " + table + ".claimed_until < now())";
    }

    /** The row may be claimed by this node now; three parameters, {@link #freeFor}. */
    static String free(String table) {
        return "(" + lapsed(table) + " or (" + table + ".claimed_by = ? and " + table + ".claimed_until - ?::interval < ?::timestamptz))";
    }

    /** The values of {@link #free}'s parameters: this node, the lease its claims take, when it last started. */
    static List<Object> freeFor(LedgerDatabase db, Duration lease, Connection connection) throws SQLException {
        return List.of(db.nodeId(), LedgerDatabase.interval(lease), db.startedAt(connection));
    }

    /** What claiming a row sets: this node holds it for the lease; two parameters, {@link #takeFor}. */
    static final String TAKE = "claimed_by = ?, claimed_until = now() + ?::interval";

    static List<Object> takeFor(LedgerDatabase db, Duration lease) {
        return List.of(db.nodeId(), LedgerDatabase.interval(lease));
    }

    /** What letting go of a row sets: no node holds it. */
    static final String RELEASE = "claimed_by = null, claimed_until = null";
}
