package vn.voiceroutes.source;

import java.util.List;
import java.util.Map;

import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.esms.EsmsVoiceCalls;

/** The channels operators drop work into, and the documented parameters each one recognises. */
public final class Channels {

    public static final String ESMS_RECORD = EsmsVoice.RECORD_CHANNEL;
    public static final String ESMS_TEMPLATE = EsmsVoice.TEMPLATE_CHANNEL;
    public static final String ESMS_OTP = EsmsVoice.OTP_CHANNEL;
    public static final String VBOT_CAMPAIGN = vn.voiceroutes.vbot.Vbot.CAMPAIGN_CHANNEL;
    public static final List<String> ALL = List.of(ESMS_RECORD, ESMS_TEMPLATE, ESMS_OTP, VBOT_CAMPAIGN);

    private static final Map<String, List<String>> PARAMETERS = Map.of(
            ESMS_RECORD, EsmsVoice.RECORD_CALL_PARAMS,
            ESMS_TEMPLATE, EsmsVoice.TEMPLATE_CALL_PARAMS,
            ESMS_OTP, EsmsVoice.OTP_PARAMS,
            VBOT_CAMPAIGN, vn.voiceroutes.vbot.Vbot.RECORD_PARAMS);

    private Channels() {
    }

    /** The documented parameter a column or field names on this channel (case-insensitive), or null. */
    public static String parameter(String channel, String column) {
        List<String> params = PARAMETERS.get(channel);
        if (params == null) {
            throw new IllegalArgumentException("Unknown channel " + channel);
        }
        return EsmsVoiceCalls.canonicalName(params, column);
    }
}
