package vn.voiceroutes.ledger;

import java.util.List;

import vn.voiceroutes.model.CallRequest;

/** The calls that go to VBot as one campaign: same input (file, or the queue's window) and same campaign template. */
public record CampaignBatch(String name, String templateCampaignId, List<CallRequest> calls) {
}
