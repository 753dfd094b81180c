package vn.voiceroutes.source;

import java.util.Map;
import java.util.function.UnaryOperator;

import vn.voiceroutes.esms.EsmsRecordCalls;

/** The channels operators drop work into, and how each one recognises its documented parameters. */
public final class Channels {

    public static final String ESMS_RECORD = "esms-record";
    public static final java.util.List<String> ALL = java.util.List.of(ESMS_RECORD);

    private static final Map<String, UnaryOperator<String>> PARAMETER_NAMES = Map.of(
            ESMS_RECORD, EsmsRecordCalls::canonicalName);

    private Channels() {
    }

    /** The documented parameter a column or field names on this channel (case-insensitive), or null. */
    public static String parameter(String channel, String column) {
        UnaryOperator<String> names = PARAMETER_NAMES.get(channel);
        if (names == null) {
            throw new IllegalArgumentException("Unknown channel " + channel);
        }
        return names.apply(column);
    }
}
