package vn.voiceroutes.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many nodes share the database, so that an account's request rate is shared among them and stays the account's
 * rate whatever the number of nodes: each node beats (route node-heartbeat) and counts the nodes seen within three
 * beats; a node that died stops counting after them and the others take its share. While the database cannot be
 * read, the last count stays.
 */
public class LiveNodes {

    private static final Logger LOG = LoggerFactory.getLogger(LiveNodes.class);

    private final DataSource dataSource;
    private final String nodeId;
    private final Duration heartbeat;
    private volatile int count = 1;

    public LiveNodes(DataSource dataSource, String nodeId, Duration heartbeat) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.heartbeat = heartbeat;
    }

    public void beat() {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into node_heartbeat (node_id, seen_at) values (?, now())
                    on conflict (node_id) do update set seen_at = now()""")) {
                upsert.setString(1, nodeId);
                upsert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*) from node_heartbeat where seen_at > now() - ?::interval")) {
                select.setString(1, heartbeat.multipliedBy(3).toMillis() + " milliseconds");
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    int seen = Math.max(1, row.getInt(1));
                    if (seen != count) {
                        LOG.info("{} node(s) share this ledger: each sends its share of the accounts' request rates", seen);
                    }
                    count = seen;
                }
            }
        } catch (SQLException e) {
            LOG.warn("Live nodes could not be counted, still {}: {}", count, e.getMessage());
        }
    }

    public int count() {
        return count;
    }

    /**
     * How many calls this node may claim at a time: at most {@code maxBatch}, and no more than it can send at its share
     * of the rate within half the claim lease, after which another node could take them again.
     */
    public int batch(double accountRate, int maxBatch, long claimLeaseMillis) {
        long sendable = share(accountRate) * claimLeaseMillis / 2000;
        return (int) Math.max(1, Math.min(maxBatch, sendable));
    }

    /** This node's share of an account's requests per second: never more than the account's rate in all. */
    public long share(double accountRate) {
        return Math.max(1, (long) Math.floor(accountRate / count));
    }
}
