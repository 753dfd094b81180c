package vn.voiceroutes.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The operators' bearer token (voice.admin-token). Unset, it matches nothing: the operator API stays closed. */
public final class AdminToken {

    private final byte[] token;

    public AdminToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    public boolean matchesBearer(String authorization) {
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[****]";
    }
}
