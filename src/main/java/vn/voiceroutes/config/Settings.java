package vn.voiceroutes.config;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * Reads the application's settings through Camel's property component, so that every key can be overridden by
 * environment variable (VOICE_WORK_DIR for voice.work-dir) or -D system property, as camel-main does for its own.
 */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public Optional<String> find(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public String require(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException("Missing setting " + key + ": set it in "
                + "config/application.properties, as environment variable " + envName(key) + " or as -D" + key + "=..."));
    }

    /** The environment variable Camel reads for a key: voice.work-dir -> VOICE_WORK_DIR. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public int getInt(String key, int defaultValue) {
        return find(key).map(Integer::parseInt).orElse(defaultValue);
    }

    /** An integer setting that may be left empty (then the provider's own default applies). */
    public Integer findInt(String key) {
        return find(key).map(Integer::valueOf).orElse(null);
    }

    public long getLong(String key, long defaultValue) {
        return find(key).map(Long::parseLong).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return find(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    public Duration getMillis(String key, long defaultMillis) {
        return Duration.ofMillis(getLong(key, defaultMillis));
    }
}
