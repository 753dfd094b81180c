package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The webhook outbox shares a URL's slots among the nodes: at most max-in-flight claimed at once by live nodes, and
 * the claims of a node that stopped beating free at once (it used to hold the URL's slots for the whole lease).
 */
class WebhookOutboxTest {

    private static final List<String> CHANNELS = List.of("esms-record");

    @Test
    void liveNodesShareTheSlotsAndADeadNodesClaimsAreFreeAtOnce() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        Duration lease = Duration.ofMinutes(5);
        Duration liveWithin = Duration.ofSeconds(6);
        WebhookOutbox a = new WebhookOutbox(new LedgerDatabase(dataSource, "node-a", lease, lease), Duration.ofHours(24), lease, liveWithin);
        WebhookOutbox b = new WebhookOutbox(new LedgerDatabase(dataSource, "node-b", lease, lease), Duration.ofHours(24), lease, liveWithin);
        List<WebhookOutbox.Event> events = new ArrayList<>(List.of(event(0), event(1)));
        assertThat(a.queue(events)).isEqualTo(2);
        assertThat(a.queue(events)).isZero(); // the same events: nothing new
        beat(dataSource, "node-a");
        beat(dataSource, "node-b");

        // two slots: node a takes both, node b none while a beats
        assertThat(a.claim("http://receiver/", CHANNELS, 2, 1)).hasSize(1);
        assertThat(a.claim("http://receiver/", CHANNELS, 2, 5)).hasSize(1);
        assertThat(b.claim("http://receiver/", CHANNELS, 2, 5)).isEmpty();

        // node a stops beating (killed): its two claims are free, node b sends those events again
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("update node_heartbeat set seen_at = now() - interval '1 minute' where node_id = 'node-a'");
        }
        List<WebhookOutbox.Delivery> taken = b.claim("http://receiver/", CHANNELS, 2, 5);
        assertThat(taken).hasSize(2).allSatisfy(delivery -> assertThat(delivery.tries()).isEqualTo(2));
        assertThat(b.claim("http://receiver/", CHANNELS, 2, 5)).isEmpty(); // its own claims hold the slots
        b.delivered(taken.get(0).id(), 200);
        assertThat(b.queue(List.of(event(2)))).isEqualTo(1);
        assertThat(b.claim("http://receiver/", CHANNELS, 2, 5)).hasSize(1); // a slot free again
    }

    private static WebhookOutbox.Event event(int i) {
        return WebhookOutbox.event(WebhookOutbox.CALL_COMPLETED, "call-" + i, "esms-record",
                vn.voiceroutes.ledger.CallQueue.JSON.createObjectNode().put("requestId", "call-" + i), OffsetDateTime.now());
    }

    private static void beat(javax.sql.DataSource dataSource, String node) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into node_heartbeat (node_id, seen_at) values ('" + node + "', now())"
                    + " on conflict (node_id) do update set seen_at = now()");
        }
    }
}
