package vn.voiceroutes.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The operators' bearer token (voice.admin-token). Unset, it matches nothing: the operator API stays closed. Set, it
 * has at least {@link #MIN_LENGTH} characters (a short one was taken, even one character): the business port faces the
 * internet, and the token is all that stands between it and the operator API.
 */
public final class AdminToken {

    public static final int MIN_LENGTH = 32;

    private final byte[] token;

    public AdminToken(String token) {
        String trimmed = token == null ? "" : token.trim();
        if (!trimmed.isEmpty() && trimmed.length() < MIN_LENGTH) {
            throw new IllegalStateException("voice.admin-token has " + trimmed.length() + " characters: at least " + MIN_LENGTH
                    + " are needed (e.g. openssl rand -hex 24)");
        }
        this.token = trimmed.isEmpty() ? null : trimmed.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matchesBearer(String authorization) {
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether operators can sign in at all: false while voice.admin-token is unset. */
    public boolean isSet() {
        return token != null;
    }

    /** Whether a token typed into the console's sign-in form is this one. */
    public boolean matches(String typed) {
        return token != null && typed != null && MessageDigest.isEqual(token, typed.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * HMAC-SHA256 of the text keyed by the token: what the console's session cookie carries instead of the token. Every
     * node sharing the token checks it without a session table; changing the token signs every console session out.
     */
    public byte[] sign(String text) {
        if (token == null) {
            throw new IllegalStateException("voice.admin-token is not set");
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(token, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[****]";
    }
}
