package vn.voiceroutes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret path segments of the providers' callback URLs, one per provider, so that whoever holds one provider's
 * token cannot report (or finish, or opt out) the other provider's calls: esms.callback-token and vbot.webhook-token,
 * each generated at first start into an owner-only file under {@code <work>/data} when not configured.
 *
 * <p>Earlier versions had one token for both (voice.callback-token, {@code <work>/data/callback-token}). It stays
 * eSMS's, so the calls eSMS already has keep a CallbackUrl that works; VBot gets a token of its own, which its console
 * must be given (README "Production").
 */
public final class CallbackTokens {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackTokens.class);
    public static final String ESMS_FILE = "esms-callback-token";
    public static final String VBOT_FILE = "vbot-webhook-token";
    private static final String SHARED_FILE = "callback-token";

    private CallbackTokens() {
    }

    public static LocalSecret esms(Settings settings, WorkFolder work) {
        java.util.Optional<String> configured = settings.find("esms.callback-token");
        java.util.Optional<String> shared = settings.find("voice.callback-token");
        if (configured.isEmpty() && shared.isPresent()) {
            LOG.warn("voice.callback-token is taken as esms.callback-token: each provider has a token of its own now "
                    + "(set esms.callback-token and vbot.webhook-token)");
            configured = shared;
        }
        Path file = work.data(ESMS_FILE);
        Path old = work.data(SHARED_FILE);
        try {
            if (configured.isEmpty() && !Files.exists(file) && Files.isRegularFile(old)) {
                Files.move(old, file);
                LOG.warn("The callback token both providers shared is eSMS's now ({}); VBot's webhooks have a token of "
                        + "their own: give VBot's console its webhook URL again (README \"Production\")", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the earlier callback token as eSMS's", e);
        }
        return configured.map(LocalSecret::of).orElseGet(() -> LocalSecret.generated(file));
    }

    public static LocalSecret vbot(Settings settings, WorkFolder work) {
        return LocalSecret.configuredOrGenerated(settings.find("vbot.webhook-token").orElse(null), work.data(VBOT_FILE));
    }
}
