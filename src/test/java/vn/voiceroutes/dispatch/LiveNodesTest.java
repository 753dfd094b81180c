package vn.voiceroutes.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;


/** An account's request rate is shared by the nodes alive on one database, and a dead node's share goes back. */
class LiveNodesTest {

    @Test
    void theAccountsRateIsSharedByTheLiveNodesAndADeadNodesShareReturns() throws Exception {
        // a database of its own on the test JVM's PostgreSQL
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        Duration beat = Duration.ofMillis(200);
        LiveNodes a = new LiveNodes(dataSource, "node-a", beat);
        LiveNodes b = new LiveNodes(dataSource, "node-b", beat);
        LiveNodes c = new LiveNodes(dataSource, "node-c", beat);

        a.beat();
        assertThat(a.share(20)).isEqualTo(20); // alone: the whole rate
        b.beat();
        c.beat();
        a.beat();
        assertThat(a.count()).isEqualTo(3);
        // rounded down: three nodes at 6 never exceed the account's 20 together
        assertThat(a.share(20)).isEqualTo(6);
        assertThat(a.share(2)).isEqualTo(1); // never stopped altogether

        // c dies: after three beats without it, a and b share the rate
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    b.beat();
                    a.beat();
                    return a.count() == 2;
                });
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.share(20)).isEqualTo(10);
        // a batch is what this node can send in half the claim lease: 10/s for 60 s, or the setting if smaller
        assertThat(a.batch(20, 200, 120_000)).isEqualTo(200);
        assertThat(a.batch(2, 200, 120_000)).isEqualTo(60);
        assertThat(a.batch(2, 200, 1_000)).isEqualTo(1);
    }
}
