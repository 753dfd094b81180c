package vn.voiceroutes.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.SensitiveUtils;

/**
 * The application's secrets as values, for the places that show Camel's own data and must mask them (the CLI
 * connector's status, exported spans): every property whose key names a secret, and the secrets that are not
 * properties (the callback tokens generated into the work folder).
 */
public final class KnownSecrets implements Supplier<Set<String>> {

    private final PropertiesComponent properties;
    private final Supplier<Set<String>> more;

    public KnownSecrets(PropertiesComponent properties, Supplier<Set<String>> more) {
        this.properties = properties;
        this.more = more;
    }

    /**
     * Whether a property's key names a secret: one Camel counts as sensitive, a token, an auth header's value, a
     * secret of any kind (voice.webhook.previous-secret, which Camel's own list misses).
     */
    public static boolean secretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SensitiveUtils.containsSensitive(key) || lower.endsWith("token") || lower.endsWith("auth-header-value")
                || lower.endsWith("secret") || lower.endsWith("subject-key");
    }

    @Override
    public Set<String> get() {
        Set<String> values = new HashSet<>(more.get());
        // each value as it resolves: the files hold production's secrets empty, the environment or -D gives them
        properties.loadProperties(KnownSecrets::secretKey).stringPropertyNames()
                .forEach(key -> properties.resolveProperty(key).ifPresent(values::add));
        // an empty or one-letter value (a key left blank, "0") would mask half of everything
        values.removeIf(value -> value == null || value.trim().length() < 4);
        return values;
    }
}
