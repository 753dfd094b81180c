package vn.voiceroutes.esms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a provider query string in one place with UTF-8 percent-encoding (space as %20, '+' as %2B), handed to
 * camel-http as a raw query so Camel does not re-encode it (see "Pitfalls known in Camel HTTP").
 */
public final class EsmsQuery {

    private final Map<String, String> params = new LinkedHashMap<>();

    public EsmsQuery add(String name, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(name, value);
        }
        return this;
    }

    public String encode() {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(percentEncode(name)).append('=').append(percentEncode(value));
        });
        return query.toString();
    }

    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
