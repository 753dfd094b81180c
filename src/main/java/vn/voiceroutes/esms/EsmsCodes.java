package vn.voiceroutes.esms;

import java.util.Map;

/**
 * The eSMS result codes that matter for voice (esms-docs/bang-ma-loi.md), and what the product does with each.
 * The one place these codes are interpreted.
 */
public final class EsmsCodes {

    /** What a code means for dispatch. */
    public enum Kind {
        /** eSMS took the request; the outcome comes later. */
        ACCEPTED,
        /** Repeated RequestId: eSMS already has this call, so it counts as accepted and is never placed twice. */
        ALREADY_ACCEPTED,
        /** This record cannot be called; the batch goes on. */
        RECORD_REJECTED,
        /** Every call of this account would fail the same way: stop dispatching, keep the work. */
        ACCOUNT_FAULT,
        /** Try the same request again later with the same RequestId. */
        TRANSIENT,
        /** Status call: the SMSID is not known yet, poll again later. */
        TRY_LATER
    }

    public record Code(String code, Kind kind, String meaning) {
    }

    private static final Map<String, Code> CODES = Map.ofEntries(
            entry("100", Kind.ACCEPTED, "request accepted"),
            entry("99", Kind.RECORD_REJECTED, "phone number blocked"),
            entry("101", Kind.ACCOUNT_FAULT, "wrong ApiKey or SecretKey"),
            entry("102", Kind.ACCOUNT_FAULT, "no price table for the account"),
            entry("103", Kind.ACCOUNT_FAULT, "balance too low"),
            entry("104", Kind.RECORD_REJECTED, "call template or brandname unknown"),
            entry("105", Kind.TRY_LATER, "SMSID not found (yet)"),
            entry("106", Kind.RECORD_REJECTED, "recording file unknown"),
            entry("108", Kind.RECORD_REJECTED, "phone number format invalid"),
            entry("118", Kind.RECORD_REJECTED, "message type unsupported"),
            entry("124", Kind.ALREADY_ACCEPTED, "duplicate RequestId"),
            entry("140", Kind.ACCOUNT_FAULT, "caller IP not whitelisted"),
            entry("143", Kind.ACCOUNT_FAULT, "account inactive or locked"),
            entry("160", Kind.TRANSIENT, "TPS limit exceeded"));

    private EsmsCodes() {
    }

    private static Map.Entry<String, Code> entry(String code, Kind kind, String meaning) {
        return Map.entry(code, new Code(code, kind, meaning));
    }

    /** Codes the documents do not list for voice are rejections of the record: never retried blindly. */
    public static Code of(String code) {
        Code known = CODES.get(code);
        return known != null ? known : new Code(code, Kind.RECORD_REJECTED, "undocumented code " + code);
    }
}
