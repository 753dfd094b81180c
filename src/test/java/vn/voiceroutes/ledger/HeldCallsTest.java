package vn.voiceroutes.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.CallStatus;
import vn.voiceroutes.vbot.VbotReports;

/**
 * Calls of a batched channel wait in the ledger: HELD while the calling window is closed, claimed like QUEUED ones
 * once it opens, and SUBMITTED with the reference VBot reports them by.
 */
class HeldCallsTest {

    @Test
    void heldCallsAreClaimedWhenTheWindowOpensAndKeepTheReferenceTheyWereHeldWith() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
            Node ledger = new Node(new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10)));

            hold(ledger, camel, "held-1", "0912800001", "aaaa1111bbbb2222cccc3333dddd4444");
            hold(ledger, camel, "held-2", "0912800002", null);
            hold(ledger, camel, "held-1", "0912800001", "aaaa1111bbbb2222cccc3333dddd4444"); // redelivered: once only

            assertThat(ledger.campaigns.holdForWindow("vbot-campaign")).isEqualTo(2);
            assertThat(statuses(dataSource)).containsExactly("held-1 HELD aaaa1111bbbb2222cccc3333dddd4444", "held-2 HELD null");
            assertThat(ledger.campaigns.holdForWindow("vbot-campaign")).isZero();

            // at most maxCalls per claim, oldest first: the rest wait for the next flush
            List<CampaignBatch> first = ledger.campaigns.claimCampaigns("vbot-campaign", 500, 1);
            assertThat(first).hasSize(1);
            assertThat(first.get(0).calls()).extracting(CallRequest::getRequestId).containsExactly("held-1");
            List<CampaignBatch> second = ledger.campaigns.claimCampaigns("vbot-campaign", 500, 2000);
            assertThat(second).hasSize(1);
            assertThat(second.get(0).calls()).extracting(CallRequest::getRequestId).containsExactly("held-2");
            assertThat(ledger.campaigns.claimCampaigns("vbot-campaign", 500, 2000)).isEmpty(); // claimed: no other node takes them

            ledger.campaigns.recordCampaignAnswer(first.get(0), new CampaignAnswer(true, "5001", "0", "success"));
            ledger.campaigns.recordCampaignAnswer(second.get(0), new CampaignAnswer(true, "5002", "0", "success"));
            assertThat(statuses(dataSource)).containsExactly("held-1 SUBMITTED aaaa1111bbbb2222cccc3333dddd4444",
                    "held-2 SUBMITTED 5002");
        }
    }

    @Test
    void aFlushCutShortBySendsOnlyTheCallsWhoseRequestHadNotGoneOut() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
            Duration lease = Duration.ofMillis(500);
            Node nodeA = new Node(new LedgerDatabase(dataSource, "node-a", lease, Duration.ofMinutes(10)));
            Node nodeB = new Node(new LedgerDatabase(dataSource, "node-b", lease, Duration.ofMinutes(10)));
            hold(nodeA, camel, "cut-1", "0912800011", null);
            hold(nodeA, camel, "cut-2", "0912800012", null);
            hold(nodeA, camel, "cut-3", "0912800013", null);

            // node A claims all three in campaigns of two, sends the first request, and is killed before VBot answers
            List<CampaignBatch> flush = nodeA.campaigns.claimCampaigns("vbot-campaign", 2, 2000);
            assertThat(flush).hasSize(2);
            nodeA.campaigns.markSending(flush.get(0));
            List<String> sent = flush.get(0).calls().stream().map(CallRequest::getRequestId).toList();
            List<String> notSent = flush.get(1).calls().stream().map(CallRequest::getRequestId).toList();
            assertThat(nodeB.campaigns.claimCampaigns("vbot-campaign", 2, 2000)).isEmpty(); // A's claim is live

            // node B takes over once A's lease has run out (awaited: the first claim that finds it over):
            // VBot may have rung the calls of the request that went out, so they are not sent again
            java.util.concurrent.atomic.AtomicReference<List<CampaignBatch>> claimed = new java.util.concurrent.atomic.AtomicReference<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                claimed.set(nodeB.campaigns.claimCampaigns("vbot-campaign", 2, 2000));
                return !claimed.get().isEmpty();
            });
            List<CampaignBatch> takenOver = claimed.get();
            assertThat(takenOver).singleElement().satisfies(campaign ->
                    assertThat(campaign.calls()).extracting(CallRequest::getRequestId).containsExactlyElementsOf(notSent));
            for (String id : sent) {
                CallRecord call = nodeA.db.find(id).orElseThrow();
                assertThat(call.status()).isEqualTo(CallStatus.SUBMITTED);
                assertThat(call.providerRef()).isNull();
                assertThat(call.lastError()).contains("node-a").contains("not sent again");
            }

            // VBot's report of the call it did place names its campaign, which was never recorded: found by phone
            String phone = nodeA.db.find(sent.get(0)).orElseThrow().phone();
            assertThat(nodeB.vbotReports.recordVbotReport(java.util.Map.of("campaign_id", "7001", "phone", phone, "status", "200",
                    "time_call", "35"), "{}", phone)).isEqualTo(ProviderReports.ReportResult.FINAL);
            assertThat(nodeB.db.find(sent.get(0)).orElseThrow().status()).isEqualTo(CallStatus.ANSWERED);
        }
    }

    @Test
    void aCampaignCallWhoseNumberWasListedAfterItWasRegisteredIsWithdrawnNotSent() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
            Node node = new Node(new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10)));
            hold(node, "late-1", "0912800031", vn.voiceroutes.model.CallPurpose.ADVERTISING);
            hold(node, "late-2", "0912800032", vn.voiceroutes.model.CallPurpose.ADVERTISING);
            hold(node, "late-3", "0912800031", vn.voiceroutes.model.CallPurpose.TRANSACTIONAL);
            assertThat(new SuppressionList(node.db()).optOut("0912800031", "test", null, "asked")).isTrue();

            List<CampaignBatch> flush = node.campaigns().claimCampaigns("vbot-campaign", 500, 2000);
            assertThat(flush).singleElement().satisfies(campaign -> assertThat(campaign.calls())
                    .extracting(CallRequest::getRequestId).containsExactlyInAnyOrder("late-2", "late-3"));
            assertThat(statuses(dataSource)).contains("late-1 REJECTED late-1");
        }
    }

    @Test
    void theOptOutKeyInVbotsDtmfLogOptsTheNumberOut() throws Exception {
        javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
        LedgerDatabase db = new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10));
        Node node = new Node(db);
        VbotReports reports = new VbotReports(new ProviderReports(db, "9", vn.voiceroutes.source.Channels.byProvider()));
        hold(node, "dtmf-1", "0912800041", vn.voiceroutes.model.CallPurpose.ADVERTISING);
        hold(node, "dtmf-2", "0912800042", vn.voiceroutes.model.CallPurpose.ADVERTISING);
        // sent: a report speaks only of calls that may have reached VBot
        assertThat(node.campaigns().claimCampaigns("vbot-campaign", 500, 2000)).isNotEmpty();
        assertThat(reports.recordVbotAutoCallLog(java.util.Map.of("externalCallId", "dtmf-1", "disposition", "ANSWER",
                "billsec", "12", "inputLog", "1, 9"), "{}", "0912800041", "vbot-auto-call-log")).isEqualTo(ProviderReports.ReportResult.FINAL);
        assertThat(reports.recordVbotAutoCallLog(java.util.Map.of("externalCallId", "dtmf-2", "disposition", "ANSWER",
                "billsec", "12", "inputLog", "19"), "{}", "0912800042", "vbot-auto-call-log")).isEqualTo(ProviderReports.ReportResult.FINAL);
        // "1, 9": keys 1 and 9, the opt-out key among them; "19" is neither
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select phone || ' ' || evidence_request_id from suppressed_phone")) {
            List<String> listed = new ArrayList<>();
            while (rows.next()) {
                listed.add(rows.getString(1));
            }
            assertThat(listed).containsExactly("0912800041 dtmf-1");
        }
    }

    private static void hold(Node ledger, String requestId, String phone, String purpose) {
        CallRequest request = new CallRequest();
        request.setRequestId(requestId);
        request.setChannel("vbot-campaign");
        request.setPhone(phone);
        request.setPurpose(purpose);
        request.getParams().put("phone", phone);
        request.getParams().put("campaignId", "2932");
        request.setSource(CallRequest.Source.queueMessage("voice.vbot-campaign", "ID:" + requestId));
        // the reference VBot reports an auto-call by (its external_call_id), known as it is registered
        ledger.queue().register(request, requestId);
    }

    /**
     * A VBot campaign call redialled (voice.redial.vbot-campaign.*): its second attempt goes out in a campaign of its
     * own, a late report of the first campaign is not taken for it, and the second campaign's report finishes it.
     */
    @Test
    void aRedialledCampaignCallIsReportedByItsNewCampaignOnly() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            javax.sql.DataSource dataSource = vn.voiceroutes.TestDatabases.newLedgerDatabase();
            Node node = new Node(new LedgerDatabase(dataSource, "node-a", Duration.ofMinutes(2), Duration.ofMinutes(10)));
            CallRequest request = new CallRequest();
            request.setRequestId("again-1");
            request.setChannel("vbot-campaign");
            request.setPhone("0912800041");
            request.setPurpose(vn.voiceroutes.model.CallPurpose.TRANSACTIONAL);
            request.getParams().put("phone", "0912800041");
            request.getParams().put("campaignId", "2932");
            request.setRedial(new CallRequest.Redial(List.of("NO_ANSWER"), 100, 2));
            request.setSource(CallRequest.Source.queueMessage("voice.vbot-campaign", "ID:again-1"));
            node.queue().register(request, null);

            List<CampaignBatch> first = node.campaigns.claimCampaigns("vbot-campaign", 500, 10);
            assertThat(first.get(0).calls().get(0).getAttempt()).isEqualTo(1);
            node.campaigns.markSending(first.get(0));
            node.campaigns.recordCampaignAnswer(first.get(0), new CampaignAnswer(true, "6001", "0", "success"));
            assertThat(node.vbotReports.recordVbotReport(java.util.Map.of("campaign_id", "6001", "phone", "0912800041",
                    "status", "2"), "{}", "0912800041")).isEqualTo(ProviderReports.ReportResult.FINAL); // the attempt's
            assertThat(statuses(dataSource)).containsExactly("again-1 HELD null");

            // due 100 ms later: a node claims it as attempt 2 and stops before sending it; once its lease is over,
            // another claims it (the first attempt's request having gone out does not make this one "sent")
            Node stopping = new Node(new LedgerDatabase(dataSource, "node-b", Duration.ofMillis(300), Duration.ofMinutes(10)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !stopping.campaigns.claimCampaigns("vbot-campaign", 500, 10).isEmpty());
            java.util.concurrent.atomic.AtomicReference<List<CampaignBatch>> second = new java.util.concurrent.atomic.AtomicReference<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                second.set(node.campaigns.claimCampaigns("vbot-campaign", 500, 10));
                return !second.get().isEmpty();
            });
            assertThat(second.get().get(0).calls().get(0).getAttempt()).isEqualTo(2);
            node.campaigns.markSending(second.get().get(0));
            node.campaigns.recordCampaignAnswer(second.get().get(0), new CampaignAnswer(true, "6002", "0", "success"));
            assertThat(statuses(dataSource)).containsExactly("again-1 SUBMITTED 6002");

            // the first campaign's report, late (ANSWERED this time): not this attempt's
            assertThat(node.vbotReports.recordVbotReport(java.util.Map.of("campaign_id", "6001", "phone", "0912800041",
                    "status", "200"), "{}", "0912800041")).isEqualTo(ProviderReports.ReportResult.ORPHAN);
            assertThat(statuses(dataSource)).containsExactly("again-1 SUBMITTED 6002");
            assertThat(node.vbotReports.recordVbotReport(java.util.Map.of("campaign_id", "6002", "phone", "0912800041",
                    "status", "3"), "{}", "0912800041")).isEqualTo(ProviderReports.ReportResult.FINAL);
            assertThat(statuses(dataSource)).containsExactly("again-1 BUSY 6002");
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select attempt || ' ' || status || ' ' || provider_ref from call_attempt")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("1 NO_ANSWER 6001");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    /** One node's view of the ledger: the rooms these tests use. */
    private record Node(LedgerDatabase db, CallQueue queue, CampaignLedger campaigns, VbotReports vbotReports) {
        Node(LedgerDatabase db) {
            this(db, new CallQueue(db, new CallingRules(1000)), new CampaignLedger(db, vn.voiceroutes.vbot.Vbot.PROVIDER, vn.voiceroutes.vbot.VbotCalls.CAMPAIGN_GROUPING, new CallingRules(1000)), new VbotReports(new ProviderReports(db, null, vn.voiceroutes.source.Channels.byProvider())));
        }
    }

    private static void hold(Node ledger, DefaultCamelContext camel, String requestId, String phone, String reference) throws Exception {
        CallRequest request = new CallRequest();
        request.setRequestId(requestId);
        request.setChannel("vbot-campaign");
        request.setPhone(phone);
        request.getParams().put("phone", phone);
        request.getParams().put("campaignId", "2932");
        request.setSource(CallRequest.Source.queueMessage("voice.vbot-campaign", "ID:" + requestId));
        ledger.queue().register(request, reference);
    }

    private static List<String> statuses(javax.sql.DataSource dataSource) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select request_id, status, provider_ref from call_request order by request_id")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
            }
        }
        return rows;
    }
}
