package vn.voiceroutes.model;

/** The exchange properties that carry a call between route steps and beans, named in one place. */
public final class VoiceProperties {

    /** The call being registered or sent (a CallRequest). */
    public static final String REQUEST = "voiceRequest";

    /** The call a status poll is about (a CallPolls.PollTarget). */
    public static final String POLL_TARGET = "voicePollTarget";

    /**
     * The name of the campaign a queue's calls join (a source route may set it; the queue's name otherwise): the
     * operators pause, resume and stop it as one (POST /api/campaigns/{id}/pause), a day at a time.
     */
    public static final String CAMPAIGN = "voiceCampaign";

    private VoiceProperties() {
    }
}
