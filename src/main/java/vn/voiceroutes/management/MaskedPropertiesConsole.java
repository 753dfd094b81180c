package vn.voiceroutes.management;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.impl.console.PropertiesDevConsole;
import org.apache.camel.util.json.JsonObject;

import vn.voiceroutes.config.KnownSecrets;

/**
 * Camel's "properties" developer console with every secret masked, in place of Camel's own. Camel's masks the
 * sensitive keys in its text form only: its JSON form, which the CLI connector writes into ~/.camel/&lt;pid&gt;-status.json
 * every second (and `camel get properties` shows), holds esms.secret-key, vbot.password and the rest in clear. Masked
 * here: a key Camel counts as sensitive or that names a token or an auth header's value, and any other property whose
 * value contains a secret (the callback URLs carry the providers' tokens in their path).
 */
public class MaskedPropertiesConsole extends PropertiesDevConsole {

    static final String MASK = "xxxxxx";

    private final Supplier<Set<String>> moreSecrets;

    /** @param moreSecrets the application's secrets (KnownSecrets), masked wherever a property shows one */
    public MaskedPropertiesConsole(Supplier<Set<String>> moreSecrets) {
        this.moreSecrets = moreSecrets;
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        JsonObject root = super.doCallJson(options);
        List<JsonObject> properties = properties(root);
        Set<String> secrets = secrets(properties);
        for (JsonObject property : properties) {
            boolean secret = KnownSecrets.secretKey(String.valueOf(property.get("key")))
                    || Stream.of("value", "originalValue", "defaultValue").anyMatch(field -> holdsAny(property.get(field), secrets));
            if (secret) {
                Stream.of("value", "originalValue", "defaultValue").filter(property::containsKey).forEach(field -> property.put(field, MASK));
            }
        }
        return root;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        String text = super.doCallText(options);
        for (String secret : secrets(properties(super.doCallJson(options)))) {
            text = text.replace(secret, MASK);
        }
        return text;
    }

    private static List<JsonObject> properties(JsonObject root) {
        return root.get("properties") instanceof List<?> list
                ? list.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList()
                : List.of();
    }

    /** The values of the secret keys, and the secrets given: what no other value may show either. */
    private Set<String> secrets(List<JsonObject> properties) {
        return Stream.concat(properties.stream().filter(p -> KnownSecrets.secretKey(String.valueOf(p.get("key"))))
                        .map(p -> p.get("value")).filter(String.class::isInstance).map(String.class::cast),
                        moreSecrets.get().stream())
                // an empty or one-letter value (a key left blank, "0") would mask half of everything
                .filter(v -> v != null && v.trim().length() >= 4).collect(Collectors.toSet());
    }

    private static boolean holdsAny(Object value, Set<String> secrets) {
        return value instanceof String s && secrets.stream().anyMatch(s::contains);
    }
}
