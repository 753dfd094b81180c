package vn.voiceroutes.ledger;

import java.util.Map;

/**
 * VBot's answer to a campaign (or to one auto-call request): accepted or not, with its error code and message. The
 * reference each call is known by afterwards: the new campaign's id for every call of a campaign, or each call's own
 * external_call_id for auto-calls.
 */
public record CampaignAnswer(boolean accepted, String campaignId, String error, String message, Map<String, String> callReferences) {

    public CampaignAnswer(boolean accepted, String campaignId, String error, String message) {
        this(accepted, campaignId, error, message, Map.of());
    }

    public String referenceOf(String requestId) {
        return callReferences.getOrDefault(requestId, campaignId);
    }
}
