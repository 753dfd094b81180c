package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
import static vn.voiceroutes.Fixtures.awaitSent;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher that dies after publishing a result and before marking it emitted leaves it to be claimed again: the
 * second publishing reaches neither the topic's subscribers (the broker's duplicate detection) nor the results file
 * a second time.
 */
class ResultsExactlyOnceTest {

    @TempDir
    Path workDir;

    @Test
    void aResultPublishedAgainAfterALostMarkReachesEachSinkOnce() throws Exception {
        java.util.Map<String, String> settings = RunningApp.defaults(workDir);
        settings.put("voice.node-id", "results-node");
        List<String> published = new CopyOnWriteArrayList<>();
        try (RunningApp app = RunningApp.start(settings); jakarta.jms.Connection reader = subscribe(app, published)) {
            drop(workDir, "esms-record", "once.csv", "phone,requestId\n0912900001,once-1\n0912900002,once-2\n");
            awaitDone(workDir, "esms-record", "once.csv");
            awaitSent(app.dataSource());
            await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2 && resultsFor(workDir, "once-2").size() == 1);

            // as if it had claimed once-1 and died after writing it to both sinks, before marking it emitted
            try (Connection connection = app.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("update result_outbox set emitted_at = null, claimed_by = 'results-node', "
                        + "claimed_until = now() + interval '1 minute' where request_id = 'once-1'")).isEqualTo(1);
            }
            // while it runs, a claim of its own is in flight: not taken again
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> "1".equals(
                    Fixtures.single(app.dataSource(), "select claims from result_outbox where request_id = 'once-1'")));
        }
        // started again, it takes back at once (not a minute later) what its earlier run had claimed
        try (RunningApp app = RunningApp.start(settings); jakarta.jms.Connection reader = subscribe(app, published)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(
                    Fixtures.single(app.dataSource(), "select claims from result_outbox where request_id = 'once-1' and emitted_at is not null")));
            // the broker keeps the duplicate-detection ids of durable messages in its journal: still one message each
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> published.size() == 2);
            assertThat(resultsFor(workDir, "once-1")).hasSize(1);
        }
    }

    /** A durable subscriber, as a system that must not miss a result while a node restarts would use. */
    private static jakarta.jms.Connection subscribe(RunningApp app, List<String> published) throws JMSException {
        jakarta.jms.Connection connection = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                "tcp://127.0.0.1:" + app.setting("voice.broker.port")).createConnection(app.brokerUser(), app.brokerPassword());
        connection.setClientID("results-reader");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableSubscriber(session.createTopic("voice.results"), "results").setMessageListener(message -> {
            try {
                published.add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
        return connection;
    }
}
