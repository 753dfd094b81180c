package vn.voiceroutes.ledger;

import java.util.List;
import java.util.Map;

import vn.voiceroutes.model.CallRequest;

/**
 * The calls that go to VBot as one campaign: same input (file, or the queue's window) and same campaign template.
 * references: the reference each call's attempt goes out under, where it is known before the request leaves (an
 * auto-call's external_call_id, by RequestId); empty when the provider's answer gives it (the campaign API's id).
 */
public record CampaignBatch(String name, String templateCampaignId, List<CallRequest> calls, Map<String, String> references) {

    public CampaignBatch {
        calls = List.copyOf(calls);
        references = Map.copyOf(references);
    }

    public CampaignBatch(String name, String templateCampaignId, List<CallRequest> calls) {
        this(name, templateCampaignId, calls, Map.of());
    }
}
