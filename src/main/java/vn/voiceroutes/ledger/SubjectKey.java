package vn.voiceroutes.ledger;

import java.nio.charset.StandardCharsets;

/**
 * What an erased phone number becomes in the ledger (DELETE /api/subjects/{phone}): "x" and the first 15 hex digits of
 * its HMAC-SHA256 keyed by voice.subject-key (generated into the work folder's data when unset), 16 characters like
 * the longest number. Keyed, so that the ledger's copy cannot be turned back into the number by trying them all; the
 * same for the same number, so that its opt-out still holds and its 24-hour cap still counts. No number starts with x.
 */
public final class SubjectKey {

    public static final String PREFIX = "x";

    /** One keyed Mac per thread: the calling rules ask for every advertising call registered or claimed. */
    private final ThreadLocal<javax.crypto.Mac> macs;

    public SubjectKey(byte[] key) {
        byte[] copy = key.clone();
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(copy, "HmacSHA256"));
                return mac;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
            }
        });
    }

    /** The erased form of a number in its national form (0912345678). */
    public String erased(String nationalPhone) {
        return PREFIX + java.util.HexFormat.of().formatHex(macs.get().doFinal(nationalPhone.getBytes(StandardCharsets.UTF_8))).substring(0, 15);
    }

    @Override
    public String toString() {
        return "SubjectKey[****]";
    }
}
