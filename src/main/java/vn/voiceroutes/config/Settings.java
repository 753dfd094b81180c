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

    /** A setting that may be left empty: {@code ifEmpty} (blank, null) then, never another default of its own. */
    public String get(String key, String ifEmpty) {
        return find(key).orElse(ifEmpty);
    }

    public String require(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException("Missing setting " + key + ": set it in "
                + "config/application.properties, as environment variable " + envName(key) + " or as -D" + key + "=..."));
    }

    /** The environment variable Camel reads for a key: voice.work-dir -> VOICE_WORK_DIR. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /*
     * A setting's default is written once, in config/application.properties (or its profile's file): the reads below
     * take no default of their own, and a key missing there stops the start naming it (require). The reads that
     * take one are for settings left empty on purpose (the provider's own default, no URL yet).
     */

    public int integer(String key) {
        return parsed(key, Integer::parseInt);
    }

    public long number(String key) {
        return parsed(key, Long::parseLong);
    }

    public boolean flag(String key) {
        return parsed(key, value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        });
    }

    public Duration millis(String key) {
        return Duration.ofMillis(number(key));
    }

    private <T> T parsed(String key, java.util.function.Function<String, T> parse) {
        String value = require(key);
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Setting " + key + " '" + value + "' is not a "
                    + (e instanceof NumberFormatException ? "number" : "true or false"));
        }
    }

    /** An integer setting that may be left empty (then the provider's own default applies). */
    public Integer findInt(String key) {
        return find(key).map(Integer::valueOf).orElse(null);
    }

}
