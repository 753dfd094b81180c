package vn.voiceroutes.vbot;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import vn.voiceroutes.dispatch.ProviderAccountException;
import vn.voiceroutes.dispatch.ProviderTransientException;

/**
 * VBot's access token (POST [URL]/token, password grant, through the kamelet vbot-token-action), kept until shortly
 * before it expires, renewed with the refresh token (the password grant again if that fails). Neither token nor
 * password appears in toString or a log.
 */
public class VbotTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofSeconds(30);

    /** Where the token request goes: camel-http, with the component's timeouts and log masking. */
    static final String TOKEN_ENDPOINT = "kamelet:vbot-token-action";

    private final CamelContext camel;
    private final String baseUrl;
    private final String username;
    private final String password;
    private ProducerTemplate producer;
    private final AtomicInteger grants = new AtomicInteger();
    private String accessToken;
    private String refreshToken;
    private Instant expiresAt = Instant.EPOCH;

    public VbotTokens(CamelContext camel, String baseUrl, String username, String password) {
        this.camel = camel;
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
    }

    /** The Authorization header value, fetching a token first when there is none or it is about to expire. */
    public synchronized String authorization() {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new ProviderAccountException(Vbot.PROVIDER, "config", "VBot is not configured (vbot.url, vbot.username, vbot.password)");
        }
        if (accessToken == null || Instant.now().isAfter(expiresAt.minus(MARGIN))) {
            grant(refreshToken != null ? refreshGrant() : passwordGrant());
        }
        return "Bearer " + accessToken;
    }

    /** After a 401: forget the token and get a new one (refresh grant, else password grant). */
    public synchronized void renew() {
        accessToken = null;
        if (refreshToken != null) {
            try {
                grant(refreshGrant());
                return;
            } catch (ProviderAccountException e) {
                refreshToken = null;
            }
        }
        grant(passwordGrant());
    }

    /** How many tokens were granted so far. */
    public int grants() {
        return grants.get();
    }

    private Map<String, String> passwordGrant() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(Vbot.USERNAME, username);
        form.put(Vbot.PASSWORD, password);
        form.put(Vbot.GRANT_TYPE, "password");
        return form;
    }

    private Map<String, String> refreshGrant() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(Vbot.GRANT_TYPE, "refresh_token");
        form.put(Vbot.REFRESH_TOKEN, refreshToken);
        return form;
    }

    private void grant(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        Exchange answered = producer.request(TOKEN_ENDPOINT, exchange -> exchange.getMessage().setBody(body));
        if (answered.getException() != null) {
            throw new ProviderTransientException("VBot token request failed: " + answered.getException().getClass().getSimpleName());
        }
        int status = answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 500 || status == 0) {
            throw new ProviderTransientException("VBot token request answered HTTP " + status);
        }
        if (status != 200) {
            throw new ProviderAccountException(Vbot.PROVIDER, "token HTTP " + status, "VBot refused the credentials (vbot.username, vbot.password)");
        }
        try {
            JsonNode answer = JSON.readTree(answered.getMessage().getBody(String.class));
            accessToken = answer.path(Vbot.ACCESS_TOKEN).asText(null);
            if (accessToken == null || accessToken.isBlank()) {
                throw new ProviderAccountException(Vbot.PROVIDER, "token", "VBot's token answer has no access_token");
            }
            refreshToken = answer.path(Vbot.REFRESH_TOKEN).asText(null);
            expiresAt = Instant.now().plusSeconds(answer.path(Vbot.EXPIRES_IN).asLong(0));
            grants.incrementAndGet();
        } catch (IOException e) {
            throw new ProviderTransientException("VBot token answer is not JSON");
        }
    }

    @Override
    public String toString() {
        return "VbotTokens[" + baseUrl + "]";
    }
}
