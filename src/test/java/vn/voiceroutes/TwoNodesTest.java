package vn.voiceroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.voiceroutes.Fixtures.drop;
import static vn.voiceroutes.Fixtures.single;
import static vn.voiceroutes.Fixtures.results;
import static vn.voiceroutes.Fixtures.resultsFor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.simulator.ProviderSimulator;
import vn.voiceroutes.simulator.ProviderSimulator.Received;

/**
 * Two nodes on one broker, one database and one work folder (the second node uses the first one's broker over TCP
 * and its database over JDBC, as production nodes would share real ones): both watch the same inbox, one reads each
 * file (its read lock is in the database), every row is called once and every outcome published once; an account
 * fault either meets pauses both, and an operator's resume on either resumes both; the file of a node that died while
 * reading it is read by a live one; an operator revoked on one node is refused on the other at once.
 */
class TwoNodesTest {

    private static final int ROWS = 30;

    @TempDir
    Path workDir;

    @Test
    void twoNodesReadingTheSameFileCallEachRowOnceAndPublishEachOutcomeOnce() throws Exception {
        Map<String, String> first = RunningApp.defaults(workDir);
        first.put("voice.simulator.answer-delay-ms", "20");
        first.put("voice.pause.probe-ms", "600000"); // only an operator resumes here
        first.put("voice.pause.sync-ms", "300");
        first.put("voice.compliance.max-advertising-calls-per-24h", "1");
        try (RunningApp nodeA = RunningApp.start(first)) {
            ProviderSimulator provider = nodeA.simulator();
            Map<String, String> second = RunningApp.defaults(workDir);
            second.put("voice.simulator.enabled", "false");
            second.put("esms.voice-url", provider.baseUrl());
            second.put("voice.broker.url", "tcp://127.0.0.1:" + first.get("voice.broker.port"));
            second.put("voice.broker.username", nodeA.brokerUser());
            second.put("voice.broker.password", nodeA.brokerPassword());
            second.put("voice.db.url", ((HikariDataSource) nodeA.dataSource()).getJdbcUrl());
            second.put("voice.db.username", "postgres");
            second.put("voice.pause.probe-ms", "600000");
            second.put("voice.pause.sync-ms", "300");
            second.put("esms.rest-url", provider.baseUrl());
            second.put("voice.compliance.max-advertising-calls-per-24h", "1");
            try (RunningApp nodeB = RunningApp.start(second)) {
                // an operator made on node a works on node b, and once revoked on a is refused on b at once
                var made = nodeA.post("/api/operators?name=both-nodes&role=viewer");
                assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
                String token = Fixtures.JSON.readTree(made.body()).get("token").asText();
                java.net.http.HttpRequest onB = java.net.http.HttpRequest.newBuilder(java.net.URI.create(nodeB.baseUrl() + "/api/batches"))
                        .header("Authorization", "Bearer " + token).build();
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                assertThat(http.send(onB, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(nodeA.delete("/api/operators/both-nodes").statusCode()).isEqualTo(200);
                assertThat(http.send(onB, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

                StringBuilder csv = new StringBuilder("phone\n");
                for (int i = 0; i < ROWS; i++) {
                    csv.append(String.format("09126%05d%n", i));
                }
                drop(workDir, "esms-record", "shared.csv", csv.toString());

                await().atMost(Duration.ofSeconds(60)).until(() -> results(workDir).size() >= ROWS);
                // every call final and every result published (by either node): a repeat would show by now
                await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(Fixtures.single(nodeA.dataSource(),
                        "select count(*) from call_request where status in ('QUEUED', 'HELD', 'SUBMITTED')")));
                Fixtures.awaitResultsPublished(nodeA.dataSource());
                List<Received> accepted = provider.received(EsmsVoice.MAKE_CALL_RECORD).stream()
                        .filter(r -> "100".equals(r.code())).toList();
                Map<String, Long> perRequest = accepted.stream()
                        .collect(Collectors.groupingBy(r -> r.param(EsmsVoice.REQUEST_ID), Collectors.counting()));
                assertThat(perRequest).hasSize(ROWS).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
                List<JsonNode> lines = results(workDir);
                assertThat(lines).hasSize(ROWS);
                assertThat(lines.stream().map(r -> r.get("requestId").asText()).distinct().count()).isEqualTo(ROWS);

                // An account fault met by either node pauses both; an operator's resume on one resumes both.
                provider.settings().set("forced-code", "101");
                drop(workDir, "esms-record", "keys.csv", "phone,requestId\n0912699999,two-nodes-keys-1\n");
                await().atMost(Duration.ofSeconds(20)).until(() -> nodeA.pausedOnReadiness("esms-account")
                        && nodeB.pausedOnReadiness("esms-account"));
                assertThat(nodeA.getAsOperator("/api/providers/esms").body()).contains("\"paused\":true").contains("\"code\":\"101\"");
                assertThat(nodeB.getAsOperator("/api/providers/esms").body()).contains("\"paused\":true").contains("\"code\":\"101\"");
                provider.settings().set("forced-code", "");
                HttpResponse<String> resumed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(nodeB.baseUrl() + "/api/providers/esms/resume")).header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(resumed.statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> !nodeA.pausedOnReadiness("esms-account")
                        && !nodeB.pausedOnReadiness("esms-account"));
                await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "two-nodes-keys-1").size() == 1);

                // A node that died while reading a file leaves its read lock in the database, no longer renewed: a
                // live node reads the file once the lock is older than voice.inbox.lock-max-age-ms. A lock still
                // renewed (its node reads the file) keeps the file to its node.
                java.util.concurrent.ScheduledExecutorService reader = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                try {
                    // written as the nodes' lock repository writes them: a JDBC timestamp of the writer's clock
                    long now = System.currentTimeMillis();
                    try (Connection connection = nodeA.dataSource().getConnection();
                            PreparedStatement insert = connection.prepareStatement("insert into file_read_lock values ('inbox', ?, ?)")) {
                        insert.setString(1, "inbox/esms-record/orphan.csv");
                        insert.setTimestamp(2, new Timestamp(now - 60_000));
                        insert.executeUpdate();
                        insert.setString(1, "inbox/esms-record/reading.csv");
                        insert.setTimestamp(2, new Timestamp(now));
                        insert.executeUpdate();
                    }
                    reader.scheduleWithFixedDelay(() -> {
                        try (Connection connection = nodeA.dataSource().getConnection(); PreparedStatement renew = connection.prepareStatement(
                                "update file_read_lock set createdat = ? where messageid = 'inbox/esms-record/reading.csv'")) {
                            renew.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
                            renew.executeUpdate();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    drop(workDir, "esms-record", "orphan.csv", "phone,requestId\n0912698001,two-nodes-orphan-1\n");
                    drop(workDir, "esms-record", "reading.csv", "phone,requestId\n0912698002,two-nodes-reading-1\n");
                    await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "two-nodes-orphan-1").size() == 1);
                    await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4))
                            .until(() -> Files.exists(workDir.resolve("inbox/esms-record/reading.csv")));
                    assertThat(provider.received(EsmsVoice.MAKE_CALL_RECORD)).noneMatch(r -> "two-nodes-reading-1".equals(r.param(EsmsVoice.REQUEST_ID)));
                } finally {
                    reader.shutdownNow(); // its reader dies: the lock ages, and the file is read by one of the nodes
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> resultsFor(workDir, "two-nodes-reading-1").size() == 1);

                // A node of the version that placed eSMS calls from intake died while placing a call it had claimed
                // (the call QUEUED under its claim, without its request; the message back on the queue): the live nodes
                // take the message, complete the call with its request, do not place it before the claim has run
                // out, then one of them places it, once.
                try (Connection connection = nodeA.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                    statement.executeUpdate("insert into call_request (request_id, channel, phone, status, source_type, claimed_by, claimed_until, attempts) "
                            + "values ('two-nodes-inflight-1', 'esms-record', '0912697001', 'QUEUED', 'queue', 'dead-node', now() + interval '3 seconds', 1)");
                }
                jakarta.jms.Session session = nodeA.jms().createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("voice.esms-record"))
                        .send(session.createTextMessage("{\"phone\":\"0912697001\",\"requestId\":\"two-nodes-inflight-1\"}"));
                session.close();
                await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(3)).until(() -> provider.received(EsmsVoice.MAKE_CALL_RECORD)
                        .stream().noneMatch(r -> "two-nodes-inflight-1".equals(r.param(EsmsVoice.REQUEST_ID))));
                await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(workDir, "two-nodes-inflight-1").size() == 1);
                assertThat(provider.received(EsmsVoice.MAKE_CALL_RECORD)).filteredOn(r -> "two-nodes-inflight-1".equals(r.param(EsmsVoice.REQUEST_ID)))
                        .hasSize(1);

                // Decree 91: ten phones given to both nodes at once, twice each (different calls on the shared queue):
                // one advertising call per phone between the nodes, the other refused (frequency-cap), never sent.
                jakarta.jms.Session burst = nodeA.jms().createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageProducer producer = burst.createProducer(burst.createQueue("voice.esms-record"));
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < 10; i++) {
                        producer.send(burst.createTextMessage(String.format("{\"phone\":\"091269%04d\",\"requestId\":\"two-nodes-cap-%d-%d\"}", i, round, i)));
                    }
                }
                burst.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> Integer.parseInt(single(nodeA.dataSource(),
                        "select count(*) from call_request where request_id like 'two-nodes-cap-%' and status <> 'QUEUED'")) == 20);
                for (int i = 0; i < 10; i++) {
                    String phone = String.format("091269%04d", i);
                    assertThat(provider.received(EsmsVoice.MAKE_CALL_RECORD)).as(phone)
                            .filteredOn(r -> phone.equals(r.param(EsmsVoice.PHONE)) && r.httpStatus() == 200).hasSize(1);
                }
                assertThat(single(nodeA.dataSource(), "select count(*) from call_request where request_id like 'two-nodes-cap-%' "
                        + "and status = 'REJECTED' and reason = 'frequency-cap'")).isEqualTo("10");
            }
        }
    }
}
