package vn.voiceroutes.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulator does: the credentials it accepts, its outcome mix, its delays and the faults it injects.
 * Read from voice.simulator.* at start, changeable while running (tests, demos, POST /_sim/config?key=value).
 */
public class SimulatorSettings {

    private volatile String apiKey = "sim-api-key";
    private volatile String secretKey = "sim-secret-key";
    private volatile long answerDelayMs;
    private final AtomicInteger httpErrors = new AtomicInteger();
    private final AtomicInteger httpRefusals = new AtomicInteger();
    private volatile String forcedCode;
    private final Map<String, String> codesByPhone = new ConcurrentHashMap<>();
    private final Map<String, String> outcomesByPhone = new ConcurrentHashMap<>();
    private volatile List<Map.Entry<String, Integer>> outcomeMix = parseMix("ANSWERED:70,NO_ANSWER:20,FAILED:10");
    private final Set<String> unknownTemplates = ConcurrentHashMap.newKeySet();
    private final Set<String> missingRecordings = ConcurrentHashMap.newKeySet();
    private volatile long callbackDelayMs = 500;
    private volatile long callbackRetryDelayMs = 1000;
    private volatile int callbackDuplicates;
    private volatile boolean callbackPendingFirst;
    private volatile String ivrKey = "";
    // how a campaign call's webhook is shaped: "seed" (the seed's auto-call history) or "v3" (CAMPAIGN_CALL as v3's
    // webhooks.md gives it, AUTO_CALL_LOG's shape, without an externalCallId)
    private volatile String vbotWebhookForm = "seed";
    private volatile long balance = 1_000_000;
    private volatile boolean callbacks = true;
    private volatile String vbotUsername = "sim-vbot";
    private volatile String vbotPassword = "sim-vbot-password";
    private volatile long vbotTokenTtlSeconds = 900;
    private volatile String vbotWebhookUrl;
    private volatile String vbotApiKey = "sim-vbot-api-key";
    private volatile String vbotWebhookAuth;
    private final AtomicInteger vbotRevocations = new AtomicInteger();
    private volatile int maxQueryBytes = 2048;

    /** Sets one setting by its key under voice.simulator. (e.g. "http-errors", "forced-code"). */
    public void set(String key, String value) {
        String v = value == null ? "" : value.trim();
        switch (key) {
            case "api-key" -> apiKey = v;
            case "secret-key" -> secretKey = v;
            case "answer-delay-ms" -> answerDelayMs = Long.parseLong(v);
            case "http-errors" -> httpErrors.set(Integer.parseInt(v));
            case "http-refusals" -> httpRefusals.set(Integer.parseInt(v));
            case "forced-code" -> forcedCode = v.isEmpty() ? null : v;
            case "codes-by-phone" -> replace(codesByPhone, v);
            case "outcomes-by-phone" -> replace(outcomesByPhone, v);
            case "outcomes" -> outcomeMix = parseMix(v);
            case "unknown-templates" -> replace(unknownTemplates, v);
            case "missing-recordings" -> replace(missingRecordings, v);
            case "callback-delay-ms" -> callbackDelayMs = Long.parseLong(v);
            case "callback-retry-delay-ms" -> callbackRetryDelayMs = Long.parseLong(v);
            case "callback-duplicates" -> callbackDuplicates = Integer.parseInt(v);
            case "callback-pending-first" -> callbackPendingFirst = Boolean.parseBoolean(v);
            case "ivr-key" -> ivrKey = v;
            case "vbot-webhook-form" -> {
                if (!v.equals("seed") && !v.equals("v3")) {
                    throw new IllegalArgumentException("vbot-webhook-form is seed or v3, not " + v);
                }
                vbotWebhookForm = v;
            }
            case "balance" -> balance = Long.parseLong(v);
            case "callbacks" -> callbacks = Boolean.parseBoolean(v);
            case "vbot-username" -> vbotUsername = v;
            case "vbot-password" -> vbotPassword = v;
            case "vbot-token-ttl-s" -> vbotTokenTtlSeconds = Long.parseLong(v);
            case "vbot-webhook-url" -> vbotWebhookUrl = v.isEmpty() ? null : v;
            case "vbot-api-key" -> vbotApiKey = v;
            case "vbot-webhook-auth" -> vbotWebhookAuth = v.isEmpty() ? null : v;
            case "max-query-bytes" -> maxQueryBytes = Integer.parseInt(v);
            case "vbot-revoke-tokens" -> {
                if (Boolean.parseBoolean(v)) {
                    vbotRevocations.incrementAndGet();
                }
            }
            default -> throw new IllegalArgumentException("Unknown simulator setting " + key);
        }
    }

    public static List<String> keys() {
        return List.of("api-key", "secret-key", "answer-delay-ms", "http-errors", "http-refusals", "forced-code", "codes-by-phone",
                "outcomes-by-phone", "outcomes", "unknown-templates", "missing-recordings", "callback-delay-ms",
                "callback-retry-delay-ms", "callback-duplicates", "callback-pending-first", "ivr-key", "balance", "callbacks", "vbot-username", "vbot-password",
                "vbot-token-ttl-s", "vbot-webhook-url", "vbot-api-key", "vbot-webhook-auth", "max-query-bytes", "vbot-webhook-form");
    }

    public String apiKey() { return apiKey; }
    public String secretKey() { return secretKey; }
    public long answerDelayMs() { return answerDelayMs; }
    public String forcedCode() { return forcedCode; }
    public Set<String> unknownTemplates() { return unknownTemplates; }
    public Set<String> missingRecordings() { return missingRecordings; }
    public long callbackDelayMs() { return callbackDelayMs; }
    public long callbackRetryDelayMs() { return callbackRetryDelayMs; }
    public int callbackDuplicates() { return callbackDuplicates; }
    public boolean callbackPendingFirst() { return callbackPendingFirst; }
    public String ivrKey() { return ivrKey; }
    public String vbotWebhookForm() { return vbotWebhookForm; }
    /** The account's balance: at 0 or below every call answers 103, and GetBalance_json reports it. */
    public long balance() { return balance; }
    /** false: never call back (a lost callback), so only status polling can learn the outcome. */
    public boolean callbacks() { return callbacks; }
    public String vbotUsername() { return vbotUsername; }
    public String vbotPassword() { return vbotPassword; }
    public long vbotTokenTtlSeconds() { return vbotTokenTtlSeconds; }
    /** Where VBot posts its webhooks (what an operator sets in VBot's console). */
    public String vbotWebhookUrl() { return vbotWebhookUrl; }
    /** The project's key for VBot's current API (X-API-Key). */
    public String vbotApiKey() { return vbotApiKey; }
    /** The Authorization header value VBot's console is set to send with each webhook; null = none. */
    public String vbotWebhookAuth() { return vbotWebhookAuth; }
    /** eSMS's IIS front end refuses a longer GET query with HTTP 414 (IIS's default maxQueryString is 2,048 bytes). */
    public int maxQueryBytes() { return maxQueryBytes; }
    /** Bumped by "vbot-revoke-tokens=true": every token granted before is refused with 401 from then on. */
    int vbotRevocations() { return vbotRevocations.get(); }

    /** True (and one fewer left) while injected HTTP errors remain. */
    boolean takeHttpError() {
        return httpErrors.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** True (and one fewer left) while injected refusals of the request itself (HTTP 413) remain. */
    boolean takeHttpRefusal() {
        return httpRefusals.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** "99" answers 99 every time; "160*2" answers 160 to the first two requests for the phone, then normally. */
    String codeForPhone(String phone) {
        String[] found = new String[1];
        codesByPhone.computeIfPresent(phone, (key, spec) -> {
            int star = spec.indexOf('*');
            if (star < 0) {
                found[0] = spec;
                return spec;
            }
            int left = Integer.parseInt(spec.substring(star + 1));
            if (left <= 0) {
                return null;
            }
            found[0] = spec.substring(0, star);
            return spec.substring(0, star) + "*" + (left - 1);
        });
        return found[0];
    }

    /** The phone's scripted outcome, else one drawn from the mix, stable for a given call. */
    String outcomeFor(String phone, String callId) {
        String scripted = outcomesByPhone.get(phone);
        if (scripted != null) {
            return scripted;
        }
        List<Map.Entry<String, Integer>> mix = outcomeMix;
        int total = mix.stream().mapToInt(Map.Entry::getValue).sum();
        int draw = Math.floorMod(callId.hashCode(), Math.max(total, 1));
        for (Map.Entry<String, Integer> entry : mix) {
            draw -= entry.getValue();
            if (draw < 0) {
                return entry.getKey();
            }
        }
        return "ANSWERED";
    }

    private static void replace(Map<String, String> target, String spec) {
        target.clear();
        for (String pair : spec.split(",")) {
            if (!pair.isBlank()) {
                String[] parts = pair.split(":", 2);
                target.put(parts[0].trim(), parts[1].trim());
            }
        }
    }

    private static void replace(Set<String> target, String spec) {
        target.clear();
        for (String item : spec.split(",")) {
            if (!item.isBlank()) {
                target.add(item.trim());
            }
        }
    }

    private static List<Map.Entry<String, Integer>> parseMix(String spec) {
        List<Map.Entry<String, Integer>> mix = new ArrayList<>();
        for (String pair : spec.split(",")) {
            if (!pair.isBlank()) {
                String[] parts = pair.split(":", 2);
                String outcome = parts[0].trim();
                if (!List.of("ANSWERED", "NO_ANSWER", "FAILED").contains(outcome)) {
                    throw new IllegalArgumentException("Unknown simulated outcome " + outcome);
                }
                mix.add(Map.entry(outcome, Integer.parseInt(parts[1].trim())));
            }
        }
        return List.copyOf(mix);
    }
}
