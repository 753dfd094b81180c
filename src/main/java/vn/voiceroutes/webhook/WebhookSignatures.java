package vn.voiceroutes.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Voice-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;, hex being HMAC-SHA256 with voice.webhook.secret over
 * "&lt;t&gt;.&lt;raw body&gt;"; while voice.webhook.previous-secret is set, a second v1= signed with it follows, so a
 * receiver that still knows only the previous secret verifies every event while the secret is rotated. The same
 * form as Stripe's and Svix's, which receivers' libraries already check.
 */
public class WebhookSignatures {

    public static final String HEADER = "Voice-Signature";

    private final byte[] secret;
    private final byte[] previous;
    private final Clock clock;

    public WebhookSignatures(String secret, String previousSecret, Clock clock) {
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.previous = previousSecret == null ? null : previousSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The header's value for this body, signed now. */
    public String sign(String body) {
        long t = clock.instant().getEpochSecond();
        String signed = t + "." + body;
        StringBuilder header = new StringBuilder("t=").append(t).append(",v1=").append(hmac(secret, signed));
        if (previous != null) {
            header.append(",v1=").append(hmac(previous, signed));
        }
        return header.toString();
    }

    public static String hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is in every Java runtime", e);
        }
    }
}
