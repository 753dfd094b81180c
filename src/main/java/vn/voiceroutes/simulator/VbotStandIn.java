package vn.voiceroutes.simulator;

import static vn.voiceroutes.simulator.SimulatorSupport.JSON;
import static vn.voiceroutes.simulator.SimulatorSupport.parseQuery;
import static vn.voiceroutes.simulator.SimulatorSupport.respond;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * VBot under [URL] = /vbot, as its pages describe it (vbot-docs/ and the seed): the token (POST /token), the seed's
 * campaign API (POST /api/campaign/create with a Bearer token), the current auto-call API (POST
 * /m-auto-call/api/call/create-list-phone with X-API-Key), their webhooks, and the call lists (VbotCallLists). Every
 * wire name is written here as the documents spell it, never taken from the client's code.
 */
final class VbotStandIn {

    /** VBot's times are Vietnam's. */
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** external_call_id: lower-case letters and digits, at most 32 (v3/campaign-call.md). */
    private static final Pattern EXTERNAL_CALL_ID_FORM = Pattern.compile("[a-z0-9]{1,32}");

    /** create-list-phone takes at most 5 phones (v3/campaign-call.md). */
    private static final int MAX_PHONES_PER_REQUEST = 5;

    private record VbotToken(Instant expiresAt, int revocation) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(VbotStandIn.class);

    private final SimulatorSupport support;
    private final SimulatorSettings settings;
    private final VbotCallLists lists;
    private final VbotWebhookSender webhooks;
    private final Map<String, VbotToken> vbotTokens = new ConcurrentHashMap<>();
    private final Map<String, String> vbotRefreshTokens = new ConcurrentHashMap<>();
    private final AtomicLong vbotCampaigns = new AtomicLong(5000);

    VbotStandIn(SimulatorSupport support) {
        this.support = support;
        this.settings = support.settings();
        this.lists = new VbotCallLists(support, this);
        this.webhooks = new VbotWebhookSender(support);
    }

    /**
     * VBot under [URL] = /vbot: the seed's API (POST /token, POST /api/campaign/create with a Bearer token, the
     * call-history list), and the current auto-call API (POST /m-auto-call/api/call/create-list-phone, X-API-Key).
     */
    void handle(HttpExchange http) throws IOException {
        String operation = http.getRequestURI().getPath().substring(1);
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!operation.equals("vbot/token") && settings.takeHttpRefusal()) {
                support.record(operation, body, Map.of(), 413, null);
                respond(http, 413, "text/plain", "Content Too Large");
                return;
            }
            if (operation.equals("vbot/token")) {
                handleVbotToken(http, operation, body);
            } else if (operation.equals("vbot/api/campaign/create")) {
                handleVbotCampaign(http, operation, body);
            } else if (operation.equals("vbot/m-auto-call/api/call/create-list-phone")) {
                handleVbotAutoCalls(http, operation, body);
            } else if (operation.equals("vbot/api/crm/historycall/getAll")) {
                lists.handleCallHistory(http, operation);
            } else if (operation.equals("vbot/m-auto-call/api/cdr/get-all")) {
                lists.handleAutoCallCdr(http, operation);
            } else {
                respond(http, 404, "text/plain", "Not Found");
            }
        } catch (RuntimeException e) {
            LOG.error("Simulator failed on {}", operation, e);
            respond(http, 500, "text/plain", "Internal Server Error");
        }
    }

    private void handleVbotToken(HttpExchange http, String operation, String body) throws IOException {
        Map<String, String> form = parseQuery(body);
        Map<String, Object> answer = new LinkedHashMap<>();
        String grant = form.get("grant_type");
        boolean passwordOk = "password".equals(grant) && settings.vbotUsername().equals(form.get("username"))
                && settings.vbotPassword().equals(form.get("password"));
        boolean refreshOk = "refresh_token".equals(grant) && form.get("refresh_token") != null
                && vbotRefreshTokens.remove(form.get("refresh_token")) != null;
        if (!passwordOk && !refreshOk) {
            support.record(operation, grant, form, 400, "invalid_grant");
            respond(http, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        String refresh = UUID.randomUUID().toString();
        vbotTokens.put(token, new VbotToken(Instant.now().plusSeconds(settings.vbotTokenTtlSeconds()), settings.vbotRevocations()));
        vbotRefreshTokens.put(refresh, token);
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("expires_in", settings.vbotTokenTtlSeconds());
        answer.put("refresh_token", refresh);
        support.record(operation, grant, form, 200, grant);
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    boolean bearerValid(HttpExchange http) {
        String authorization = http.getRequestHeaders().getFirst("Authorization");
        VbotToken token = authorization == null ? null : vbotTokens.get(authorization.replaceFirst("^Bearer ", ""));
        return token != null && !Instant.now().isAfter(token.expiresAt()) && token.revocation() == settings.vbotRevocations();
    }

    boolean apiKeyValid(HttpExchange http) {
        return settings.vbotApiKey().equals(http.getRequestHeaders().getFirst("X-API-Key"));
    }

    private void handleVbotCampaign(HttpExchange http, String operation, String body) throws IOException {
        if (!bearerValid(http)) {
            support.record(operation, body, Map.of(), 401, null);
            respond(http, 401, "application/json", "{\"message\":\"Authorization has been denied for this request.\"}");
            return;
        }
        if (settings.takeHttpError()) {
            support.record(operation, body, Map.of(), 503, null);
            respond(http, 503, "text/plain", "Service Unavailable");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode campaign = JSON.readTree(body);
        // The table names vbot_id, project_code, campaignID; the example vbotId, groupCode, campaignId: either.
        String vbotId = campaign.path("vbotId").asText(campaign.path("vbot_id").asText(""));
        String group = campaign.path("groupCode").asText(campaign.path("project_code").asText(""));
        String template = campaign.path("campaignId").asText(campaign.path("campaignID").asText(""));
        Map<String, Object> answer = new LinkedHashMap<>();
        if (vbotId.isEmpty() || group.isEmpty() || template.isEmpty() || !campaign.path("phones").isArray()
                || campaign.path("phones").isEmpty() || settings.unknownTemplates().contains(template)) {
            answer.put("status", 0);
            answer.put("error", 201);
            answer.put("msg", "Invalid parameter");
            answer.put("data", "-1");
        } else {
            long id = vbotCampaigns.incrementAndGet();
            answer.put("status", 1);
            answer.put("error", 0);
            answer.put("msg", "success");
            answer.put("data", id);
            for (com.fasterxml.jackson.databind.JsonNode phone : campaign.path("phones")) {
                Map<String, String> fields = new LinkedHashMap<>();
                phone.path("fields").forEach(f -> fields.put(f.path("key").asText(), f.path("value").asText()));
                placeVbotCall(fields.getOrDefault("phone", ""), null, String.valueOf(id), fields);
            }
        }
        support.record(operation, body, Map.of(), 200, answer.get("error").toString());
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * create-list-phone (v3/campaign-call.md): at most 5 phones after dropping repeats (the first kept), errorCode -1
     * for missing phone_infos or other invalid parameters, 403 over 5 phones, 500 system error; no call id answered.
     */
    private void handleVbotAutoCalls(HttpExchange http, String operation, String body) throws IOException {
        if (!apiKeyValid(http)) {
            support.record(operation, body, Map.of(), 401, "401");
            respond(http, 401, "application/json", "{\"status\":401,\"msg\":\"Unauthorized\",\"errorCode\":401,\"data\":null}");
            return;
        }
        if (settings.takeHttpError()) {
            support.record(operation, body, Map.of(), 500, "500");
            respond(http, 500, "application/json", "{\"status\":500,\"msg\":\"error\",\"errorCode\":500,\"data\":null}");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode request = JSON.readTree(body);
        String template = request.path("template_code").asText("");
        String hotline = request.path("hotline_code").asText("");
        com.fasterxml.jackson.databind.JsonNode infos = request.path("phone_infos");
        Map<String, com.fasterxml.jackson.databind.JsonNode> byPhone = new LinkedHashMap<>();
        infos.forEach(info -> byPhone.putIfAbsent(info.path("phone").asText(""), info));
        String code;
        String message;
        if (!infos.isArray()) {
            code = "-1";
            message = "phoneInfos is null";
        } else if (byPhone.size() > MAX_PHONES_PER_REQUEST) {
            code = "403";
            message = "error";
        } else if (template.isEmpty() || hotline.isEmpty() || settings.unknownTemplates().contains(template)
                || byPhone.keySet().stream().anyMatch(String::isEmpty)
                || byPhone.values().stream().anyMatch(info -> info.has("external_call_id")
                        && !EXTERNAL_CALL_ID_FORM.matcher(info.path("external_call_id").asText()).matches())) {
            code = "-1";
            message = "Invalid parameters";
        } else {
            code = "0";
            message = "Success";
            byPhone.forEach((phone, info) -> {
                Map<String, String> datas = new LinkedHashMap<>();
                info.path("datas").properties().forEach(e -> datas.put(e.getKey(), e.getValue().asText()));
                placeVbotCall(phone, info.path("external_call_id").asText(null), template, datas);
            });
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "0".equals(code) ? 200 : 500);
        answer.put("msg", message);
        answer.put("errorCode", Integer.parseInt(code));
        answer.put("data", "0".equals(code) ? Boolean.TRUE : null);
        support.record(operation, body, Map.of(), 200, code);
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * One phone called by VBot: its outcome (outcomes-by-phone or the mix), an entry in the call history once it has
     * ended (callback-delay-ms later), and its webhook then: the seed's auto-call history for a campaign, or
     * AUTO_CALL_LOG (camelCase, externalCallId) for an auto-call.
     */
    private void placeVbotCall(String phone, String externalCallId, String campaignOrTemplate, Map<String, String> fields) {
        String outcome = settings.outcomeFor(phone, campaignOrTemplate + phone + externalCallId);
        support.countPlaced(phone);
        String disposition = switch (outcome) {
            case "ANSWERED" -> "ANSWER";
            case "NO_ANSWER" -> "NOANSWER";
            case "BUSY" -> "BUSY";
            // v3: the balance is too low, nobody was called
            case "NOT_MONEY" -> "NOT_MONEY";
            default -> "CHANUNAVAIL";
        };
        int talk = "ANSWER".equals(disposition) ? 5 + Math.floorMod(phone.hashCode(), 50) : 0;
        double postage = "ANSWER".equals(disposition) ? 800.0 : 0.0;
        Instant ended = Instant.now().plusMillis(settings.callbackDelayMs());
        lists.add(new VbotCallLists.Entry(phone, externalCallId, disposition, talk, postage, ended, campaignOrTemplate));
        webhooks.send(phone, externalCallId, campaignOrTemplate, fields, disposition, talk, postage);
    }
}
