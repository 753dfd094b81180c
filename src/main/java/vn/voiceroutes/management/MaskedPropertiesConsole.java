package vn.voiceroutes.management;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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

    private final Supplier<Set<String>> secrets;

    /** @param secrets the application's secrets (KnownSecrets), masked wherever a property shows one */
    public MaskedPropertiesConsole(Supplier<Set<String>> secrets) {
        this.secrets = secrets;
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        JsonObject root = super.doCallJson(options);
        Set<String> known = secrets.get();
        for (JsonObject property : properties(root)) {
            boolean secret = KnownSecrets.secretKey(String.valueOf(property.get("key")))
                    || Stream.of("value", "originalValue", "defaultValue").anyMatch(field -> holdsAny(property.get(field), known));
            if (secret) {
                Stream.of("value", "originalValue", "defaultValue").filter(property::containsKey).forEach(field -> property.put(field, MASK));
            }
        }
        return root;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        String text = super.doCallText(options);
        for (String secret : secrets.get()) {
            text = text.replace(secret, MASK);
        }
        return text;
    }

    private static List<JsonObject> properties(JsonObject root) {
        return root.get("properties") instanceof List<?> list
                ? list.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList()
                : List.of();
    }

    private static boolean holdsAny(Object value, Set<String> secrets) {
        return value instanceof String s && secrets.stream().anyMatch(s::contains);
    }
}
