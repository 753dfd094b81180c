package vn.voiceroutes.vbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.ledger.CampaignBatch;
import vn.voiceroutes.model.CallRequest;

/** How VBot's calls go out together, as a rule alone: no application started. */
class VbotCallsTest {

    private static CallRequest call(String requestId, String phone) {
        CallRequest call = new CallRequest();
        call.setRequestId(requestId);
        call.setPhone(phone);
        call.setChannel("vbot-campaign");
        call.setAttempt(1);
        return call;
    }

    private static List<List<String>> phones(List<CampaignBatch> requests) {
        return requests.stream().map(r -> r.calls().stream().map(CallRequest::getPhone).toList()).toList();
    }

    @Test
    void autoCallsGoOutFiveAtMostAndARepeatedPhoneInAnotherRequest() {
        List<CallRequest> calls = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            calls.add(call("r-" + i, "091260000" + i));
        }
        calls.add(1, call("again-1", "0912600001")); // the first phone twice: VBot would drop it silently
        List<CampaignBatch> requests = new VbotCalls(VbotAutoCall.TRANSPORT).requests(List.of(new CampaignBatch("list.csv", "T1", calls)));
        assertThat(phones(requests)).containsExactly(
                List.of("0912600001", "0912600002", "0912600003", "0912600004", "0912600005"),
                List.of("0912600001", "0912600006", "0912600007"));
        // each call is known by its own reference before the request leaves (its webhook may come first)
        assertThat(requests).allSatisfy(request -> assertThat(request.references()).hasSameSizeAs(request.calls())
                .allSatisfy((id, reference) -> assertThat(reference).hasSize(32)));
        assertThat(requests.get(1).references().get("again-1")).isNotEqualTo(requests.get(0).references().get("r-1"));
        assertThat(requests).extracting(CampaignBatch::name).containsOnly("list.csv");
    }

    @Test
    void aCampaignGoesOutAsItIs() {
        List<CallRequest> calls = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            calls.add(call("r-" + i, "091260000" + i));
        }
        CampaignBatch campaign = new CampaignBatch("list.csv", "77", calls);
        assertThat(new VbotCalls(Vbot.TRANSPORT).requests(List.of(campaign))).containsExactly(campaign);
    }

    @Test
    void anUnknownTransportRefusesTheStart() {
        assertThatThrownBy(() -> new VbotCalls("auto_call")).hasMessageContaining("vbot.transport must be");
    }
}
