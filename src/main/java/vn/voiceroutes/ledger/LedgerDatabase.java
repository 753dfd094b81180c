package vn.voiceroutes.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import javax.sql.DataSource;

import vn.voiceroutes.model.CallStatus;

/**
 * The call ledger in PostgreSQL: the one record of every call, its events and its pending results. Every decision
 * that must hold across restarts and nodes (claim a call, move its status forward, emit its result once) is taken
 * in one transaction, never in memory. This is what the ledger's rooms share (CallQueue, CampaignLedger,
 * ProviderReports, CallPolls, ResultOutbox, BatchLedger): the database, this node's identity and its leases, and the
 * call row.
 */
public final class LedgerDatabase {

    private final DataSource dataSource;
    private final String nodeId;
    private final Duration claimLease;
    private final Duration pollAfter;
    private volatile OffsetDateTime startedAt;

    /**
     * nodeId: this node, stable across its restarts; claimLease: how long a claim holds before another node may take
     * the call; pollAfter: how long after a call is submitted its status is asked if no report came.
     */
    public LedgerDatabase(DataSource dataSource, String nodeId, Duration claimLease, Duration pollAfter) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.claimLease = claimLease;
        this.pollAfter = pollAfter;
    }

    /** A call as the ledger has it, for the sinks and for tests. */
    public Optional<CallRecord> find(String requestId) {
        return inTransaction(connection -> Optional.ofNullable(readCall(connection, requestId)));
    }

    DataSource dataSource() {
        return dataSource;
    }

    String nodeId() {
        return nodeId;
    }

    Duration claimLease() {
        return claimLease;
    }

    Duration pollAfter() {
        return pollAfter;
    }

    /**
     * When this node first used the ledger, by the database's clock: its own claims made before then were left by an
     * earlier run of the same node (it crashed), those made since are in flight here and stay its own.
     */
    OffsetDateTime startedAt(Connection connection) throws SQLException {
        if (startedAt == null) {
            try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery("select now()")) {
                row.next();
                startedAt = row.getObject(1, OffsetDateTime.class);
            }
        }
        return startedAt;
    }

    static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
    }

    /** One statement, committed on its own: one round trip. */
    <T> T autocommit(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new LedgerException("Call ledger operation failed: " + e.getMessage(), e);
        }
    }

    /** The columns of a CallRecord, in the order {@link #callRecord} reads them. */
    static final String SELECT_CALL = """
            select request_id, channel, phone, status, provider_ref, provider_code, reason, duration_seconds, price, ivr,
                   source_type, source_name, source_line, source_message_id, batch_id, attempts, last_error,
                   created_at, submitted_at, finished_at, attempt, coalesce(max_attempts, 1)
              from call_request""";

    static CallRecord readCall(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_CALL + " where request_id = ?")) {
            select.setString(1, requestId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? callRecord(row) : null;
            }
        }
    }

    static CallRecord callRecord(ResultSet row) throws SQLException {
        return new CallRecord(row.getString(1), row.getString(2), row.getString(3), CallStatus.valueOf(row.getString(4)),
                row.getString(5), row.getString(6), row.getString(7), (Integer) row.getObject(8), row.getBigDecimal(9),
                row.getString(10), row.getString(11), row.getString(12), (Long) row.getObject(13), row.getString(14),
                row.getString(15), row.getInt(16), row.getString(17), instant(row.getTimestamp(18)),
                instant(row.getTimestamp(19)), instant(row.getTimestamp(20)), row.getInt(21), row.getInt(22));
    }

    static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
