package vn.voiceroutes.vbot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.voiceroutes.dispatch.ProviderAccountException;
import vn.voiceroutes.dispatch.ProviderTransientException;
import vn.voiceroutes.esms.EsmsQuery;

/**
 * VBot's access token (POST [URL]/token, password grant), kept until shortly before it expires, renewed with the
 * refresh token (the password grant again if that fails). Neither token nor password appears in toString or a log.
 */
public class VbotTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String username;
    private final String password;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger grants = new AtomicInteger();
    private String accessToken;
    private String refreshToken;
    private Instant expiresAt = Instant.EPOCH;

    public VbotTokens(String baseUrl, String username, String password) {
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
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + EsmsQuery.percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + Vbot.TOKEN_PATH)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderTransientException("VBot token request failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderTransientException("VBot token request interrupted");
        }
        if (response.statusCode() >= 500) {
            throw new ProviderTransientException("VBot token request answered HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new ProviderAccountException(Vbot.PROVIDER, "token HTTP " + response.statusCode(), "VBot refused the credentials (vbot.username, vbot.password)");
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
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
