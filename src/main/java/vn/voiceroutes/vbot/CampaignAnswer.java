package vn.voiceroutes.vbot;

/** VBot's answer to a campaign: accepted with the new campaign's id, or not, with its error code and message. */
public record CampaignAnswer(boolean accepted, String campaignId, String error, String message) {
}
