package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.awaitDone;
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
        try (RunningApp app = RunningApp.start(settings)) {
            List<String> published = new CopyOnWriteArrayList<>();
            Session session = app.jms().createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("voice.results")).setMessageListener(message -> {
                try {
                    published.add(((TextMessage) message).getText());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            drop(workDir, "esms-record", "once.csv", "phone,requestId\n0912900001,once-1\n0912900002,once-2\n");
            awaitDone(workDir, "esms-record", "once.csv");
            await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2 && resultsFor(workDir, "once-2").size() == 1);

            // as if this node had died after writing once-1 to both sinks, before marking it emitted, and started again:
            // its claim (a minute's lease) is its own, so the result goes out again at once
            try (Connection connection = app.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("update result_outbox set emitted_at = null, claimed_by = 'results-node', "
                        + "claimed_until = now() + interval '1 minute' where request_id = 'once-1'")).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(
                    Fixtures.single(app.dataSource(), "select claims from result_outbox where request_id = 'once-1' and emitted_at is not null")));
            Thread.sleep(500); // a second topic message would have arrived by now
            assertThat(published).hasSize(2);
            assertThat(resultsFor(workDir, "once-1")).hasSize(1);
            session.close();
        }
    }
}
