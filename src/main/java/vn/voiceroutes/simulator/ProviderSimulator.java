package vn.voiceroutes.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.voiceroutes.esms.EsmsQuery;
import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.vbot.Vbot;
import vn.voiceroutes.vbot.VbotAutoCall;

/**
 * A stand-in for eSMS's voice API on a loopback port, speaking the documented contract: the call endpoints and
 * their JSON answers and codes, GetSendStatus, and the GET callback resent up to 5 times until it gets HTTP 200.
 * Faults and outcomes are set through {@link SimulatorSettings} (configuration, tests, or POST /_sim/config).
 */
public class ProviderSimulator implements AutoCloseable {

    /** A request the simulator received, as the provider would see it on the wire. */
    public record Received(Instant at, String operation, String rawQuery, Map<String, String> params, int httpStatus, String code) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** One attempt to deliver a callback. */
    public record CallbackAttempt(Instant at, String url, int httpStatus) {
    }

    private record SimCall(String smsId, String requestId, String phone, String outcome, Instant finalAt, boolean otp) {
    }

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLBACK_RESENDS = 5;
    private static final Set<String> CALL_OPERATIONS = Set.of(EsmsVoice.MAKE_CALL_RECORD, EsmsVoice.MAKE_CALL_TEMPLATE);
    private static final Set<String> OTP_OPERATIONS = Set.of(EsmsVoice.SEND_OTP_GET, EsmsVoice.SEND_OTP_POST);

    private final SimulatorSettings settings;
    private final String host;
    private final int port;
    /** The most recent requests and callback attempts (bounded, so a long demo or a benchmark cannot fill the heap). */
    private static final int KEPT = 100_000;
    private final Deque<Received> received = new ArrayDeque<>();
    private final Deque<CallbackAttempt> callbackAttempts = new ArrayDeque<>();
    private final Map<String, SimCall> callsBySmsId = new ConcurrentHashMap<>();
    private final Map<String, String> smsIdByRequestId = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger esmsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger esmsMostInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private HttpServer server;
    private ExecutorService handlers;
    private ScheduledExecutorService callbacks;
    private HttpClient client;

    public ProviderSimulator(SimulatorSettings settings, String host, int port) {
        this.settings = settings;
        this.host = host;
        this.port = port;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        handlers = Executors.newFixedThreadPool(16, daemon("simulator-http"));
        callbacks = Executors.newScheduledThreadPool(4, daemon("simulator-callback"));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(handlers);
        server.createContext(EsmsVoice.SERVICE_PATH, this::handleEsmsVoice);
        server.createContext("/_sim/config", this::handleConfig);
        server.createContext("/_sim/stats", this::handleStats);
        server.createContext("/vbot/", this::handleVbot);
        server.start();
        LOG.info("Provider simulator listening on http://{}:{}", host, server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String operation) {
        return received().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    public List<CallbackAttempt> callbackAttempts() {
        synchronized (callbackAttempts) {
            return List.copyOf(callbackAttempts);
        }
    }

    public void reset() {
        synchronized (received) {
            received.clear();
        }
        synchronized (callbackAttempts) {
            callbackAttempts.clear();
        }
        callsBySmsId.clear();
        smsIdByRequestId.clear();
        placedByPhone.clear();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            handlers.shutdownNow();
            callbacks.shutdownNow();
            server = null;
        }
    }

    // ---------------------------------------------------------------------------------------------- eSMS voice

    private void handleEsmsVoice(HttpExchange http) throws IOException {
        String operation = http.getRequestURI().getPath().substring(EsmsVoice.SERVICE_PATH.length());
        String rawQuery = http.getRequestURI().getRawQuery();
        Map<String, String> params = parseQuery(rawQuery);
        if ("POST".equals(http.getRequestMethod())) {
            // The rest API's JSON forms carry their parameters in the body.
            String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JSON.readTree(body.isBlank() ? "{}" : body).properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            rawQuery = body;
        }
        try {
            // counted until the answer is ready, before it is written: the caller cannot have it and send again sooner
            esmsMostInFlight.accumulateAndGet(esmsInFlight.incrementAndGet(), Math::max);
            try {
                sleep(settings.answerDelayMs());
            } finally {
                esmsInFlight.decrementAndGet();
            }
            String query = http.getRequestURI().getRawQuery();
            if (query != null && query.length() > settings.maxQueryBytes()) {
                // IIS refuses it before eSMS sees it
                record(operation, "(" + query.length() + " bytes)", Map.of(), 414, null);
                respond(http, 414, "text/html", "<h2>HTTP Error 404.15 - Not Found</h2> The request filtering module is configured to deny a request where the query string is too long.");
                return;
            }
            if (settings.takeHttpRefusal()) {
                record(operation, rawQuery, params, 413, null);
                respond(http, 413, "text/plain", "Content Too Large");
                return;
            }
            if (settings.takeHttpError()) {
                record(operation, rawQuery, params, 503, null);
                respond(http, 503, "text/plain", "Service Unavailable");
                return;
            }
            Map<String, Object> answer;
            if (!settings.apiKey().equals(params.get(EsmsVoice.API_KEY)) || !settings.secretKey().equals(params.get(EsmsVoice.SECRET_KEY))) {
                answer = error("101", "Authorize Failed");
            } else if (CALL_OPERATIONS.contains(operation) || OTP_OPERATIONS.contains(operation)) {
                answer = makeCall(params, OTP_OPERATIONS.contains(operation));
            } else if (EsmsVoice.GET_BALANCE.equals(operation)) {
                answer = new LinkedHashMap<>();
                answer.put(EsmsVoice.BALANCE, settings.balance());
                answer.put(EsmsVoice.CODE_RESPONSE, "100");
                answer.put("UserID", 9999);
            } else if (EsmsVoice.GET_SEND_STATUS.equals(operation) && params.containsKey(EsmsVoice.REF_ID)) {
                answer = messageStatus(params.get(EsmsVoice.REF_ID));
            } else if (EsmsVoice.GET_SEND_STATUS.equals(operation)) {
                answer = sendStatus(params.get(EsmsVoice.REFERENCE_ID));
            } else {
                record(operation, rawQuery, params, 404, null);
                respond(http, 404, "text/plain", "Not Found");
                return;
            }
            Object code = answer.containsKey(EsmsVoice.CODE_RESULT) ? answer.get(EsmsVoice.CODE_RESULT) : answer.get(EsmsVoice.CODE_RESPONSE);
            record(operation, rawQuery, params, 200, String.valueOf(code));
            // eSMS answers HTTP 200 whatever the code.
            respond(http, 200, "application/json; charset=utf-8", JSON.writeValueAsString(answer));
        } catch (RuntimeException e) {
            LOG.error("Simulator failed on {}", operation, e);
            respond(http, 500, "text/plain", "Internal Server Error");
        }
    }

    /** The most eSMS requests it was answering at once since the last call (then counting again from now). */
    public int takeMostEsmsRequestsAtOnce() {
        return esmsMostInFlight.getAndSet(esmsInFlight.get());
    }

    private Map<String, Object> makeCall(Map<String, String> params, boolean otp) {
        String phone = params.getOrDefault(EsmsVoice.PHONE, "");
        String forced = settings.forcedCode();
        if (forced != null) {
            return error(forced, "Simulated code " + forced);
        }
        if (settings.balance() <= 0) {
            return error("103", "Not enough balance");
        }
        String byPhone = settings.codeForPhone(phone);
        if (byPhone != null) {
            return error(byPhone, "Simulated code " + byPhone + " for this phone");
        }
        if (otp) {
            if (!EsmsVoice.SMS_TYPE_VOICE_OTP.equals(params.get(EsmsVoice.SMS_TYPE))) {
                return error("118", "SmsType not supported");
            }
            if (params.getOrDefault(EsmsVoice.CONTENT, "").isBlank()) {
                return error("99", "Content empty");
            }
        } else {
            String templateId = params.getOrDefault(EsmsVoice.TEMPLATE_ID, "");
            if (templateId.isBlank() || settings.unknownTemplates().contains(templateId)) {
                return error("104", "Template not found");
            }
            if (settings.missingRecordings().contains(templateId)) {
                return error("106", "Record file not found");
            }
        }
        if (!phone.matches("(0|84)\\d{9,10}")) {
            return error("108", "Phone invalid");
        }
        // The record page's URL spells RequestID, its table RequestId: the lookup ignores case, as eSMS's does.
        String requestId = params.get(EsmsVoice.REQUEST_ID);
        String smsId = UUID.randomUUID().toString();
        if (requestId != null && !requestId.isEmpty() && smsIdByRequestId.putIfAbsent(requestId, smsId) != null) {
            return error("124", "Duplicate RequestId");
        }
        String outcome = settings.outcomeFor(phone, smsId);
        countPlaced(phone);
        SimCall call = new SimCall(smsId, requestId, phone, outcome, Instant.now().plusMillis(settings.callbackDelayMs()), otp);
        if (callsBySmsId.size() >= KEPT) {
            // GetSendStatus of a call this old answers 105, as eSMS does for an SMSID it no longer has.
            callsBySmsId.clear();
        }
        callsBySmsId.put(smsId, call);
        String callbackUrl = params.get(EsmsVoice.CALLBACK_URL);
        if (callbackUrl != null && !callbackUrl.isBlank() && settings.callbacks()) {
            if (settings.callbackPendingFirst() && !otp) {
                Map<String, String> pending = report(call);
                pending.put(EsmsVoice.CALL_STATUS, "");
                pending.put(EsmsVoice.SEND_STATUS, "7");
                pending.put(EsmsVoice.SENT_RESULT, "0");
                pending.put(EsmsVoice.CALL_DURATION, "0");
                callbacks.schedule(() -> deliver(callbackUrl, pending, 0, 0), Math.max(0, settings.callbackDelayMs() / 2), TimeUnit.MILLISECONDS);
            }
            callbacks.schedule(() -> deliver(callbackUrl, report(call), 0, settings.callbackDuplicates()),
                    settings.callbackDelayMs(), TimeUnit.MILLISECONDS);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(EsmsVoice.CODE_RESULT, "100");
        answer.put(EsmsVoice.SMS_ID, smsId);
        return answer;
    }

    /** The call with this SMSID once its outcome is decided; null while eSMS would answer 105. */
    private SimCall finishedCall(String smsId) {
        SimCall call = smsId == null ? null : callsBySmsId.get(smsId);
        return call == null || Instant.now().isBefore(call.finalAt()) ? null : call;
    }

    private Map<String, Object> sendStatus(String referenceId) {
        SimCall call = finishedCall(referenceId);
        if (call == null) {
            return error("105", "SMSID not found");
        }
        Map<String, String> report = report(call);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(EsmsVoice.CALL_DURATION, Integer.parseInt(report.get(EsmsVoice.CALL_DURATION)));
        answer.put(EsmsVoice.CALL_STATUS, "NO ANSWER".equals(report.get(EsmsVoice.CALL_STATUS)) ? "NOANSWERED" : report.get(EsmsVoice.CALL_STATUS));
        answer.put(EsmsVoice.CODE_RESPONSE, "100");
        answer.put(EsmsVoice.IVR, report.get(EsmsVoice.IVR));
        answer.put(EsmsVoice.REFERENCE_ID, call.smsId());
        answer.put(EsmsVoice.SEND_STATUS, 5);
        answer.put(EsmsVoice.SENT_RESULT, Integer.parseInt(report.get(EsmsVoice.SENT_RESULT)));
        return answer;
    }

    /** The rest API's status answer (ham-kiem-tra-tin-nhan-theo-smsid.md): the message callback's figures, as numbers. */
    private Map<String, Object> messageStatus(String refId) {
        SimCall call = finishedCall(refId);
        if (call == null) {
            return error("105", "SMSID not found");
        }
        Map<String, String> report = messageReport(call);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(EsmsVoice.CODE_RESPONSE, "100");
        answer.put(EsmsVoice.SMS_ID, call.smsId());
        answer.put(EsmsVoice.SEND_FAILED, Integer.parseInt(report.get(EsmsVoice.SEND_FAILED)));
        answer.put(EsmsVoice.SEND_STATUS, 5);
        answer.put(EsmsVoice.SEND_SUCCESS, Integer.parseInt(report.get(EsmsVoice.SEND_SUCCESS)));
        answer.put(EsmsVoice.TOTAL_PRICE, Double.parseDouble(report.get(EsmsVoice.TOTAL_PRICE)));
        answer.put("TotalReceiver", 1);
        answer.put("TotalSent", 1);
        return answer;
    }

    /** The documented callback values for a finished call of the chosen outcome. */
    private Map<String, String> report(SimCall call) {
        if (call.otp()) {
            return messageReport(call);
        }
        Map<String, String> report = new LinkedHashMap<>();
        int duration = 5 + Math.floorMod(call.smsId().hashCode(), 55);
        report.put(EsmsVoice.REFERENCE_ID, call.smsId());
        switch (call.outcome()) {
            case "ANSWERED" -> {
                report.put(EsmsVoice.CALL_DURATION, Integer.toString(duration));
                report.put(EsmsVoice.CALL_STATUS, "ANSWERED");
                report.put(EsmsVoice.IVR, settings.ivrKey());
                report.put(EsmsVoice.PRICE, "750.0000");
                report.put(EsmsVoice.SENT_RESULT, "1");
            }
            case "NO_ANSWER" -> {
                report.put(EsmsVoice.CALL_DURATION, "0");
                report.put(EsmsVoice.CALL_STATUS, "NO ANSWER");
                report.put(EsmsVoice.IVR, "");
                report.put(EsmsVoice.PRICE, "0.0000");
                report.put(EsmsVoice.SENT_RESULT, "1");
            }
            default -> {
                // The documented sample callback: no CallStatus, SentResult 0.
                report.put(EsmsVoice.CALL_DURATION, "0");
                report.put(EsmsVoice.CALL_STATUS, "");
                report.put(EsmsVoice.IVR, "");
                report.put(EsmsVoice.PRICE, "0.0000");
                report.put(EsmsVoice.SENT_RESULT, "0");
            }
        }
        report.put(EsmsVoice.CID, "02871002454");
        report.put(EsmsVoice.SEND_STATUS, "5");
        return report;
    }

    /** The message-style callback (callback-url.md) voice OTP reports with: delivered unless the outcome is FAILED. */
    private static Map<String, String> messageReport(SimCall call) {
        boolean delivered = !"FAILED".equals(call.outcome());
        Map<String, String> report = new LinkedHashMap<>();
        report.put(EsmsVoice.SMS_ID, call.smsId());
        report.put(EsmsVoice.SEND_FAILED, delivered ? "0" : "1");
        report.put(EsmsVoice.SEND_STATUS, "5");
        report.put(EsmsVoice.SEND_SUCCESS, delivered ? "1" : "0");
        report.put(EsmsVoice.TOTAL_PRICE, delivered ? "500.0000" : "0.0000");
        report.put("TotalReceiver", "1");
        report.put("TotalSent", "1");
        report.put(EsmsVoice.REQUEST_ID, call.requestId() == null ? "" : call.requestId());
        report.put("TypeId", EsmsVoice.SMS_TYPE_VOICE_OTP);
        report.put("telcoid", "1");
        report.put("phonenumber", call.phone());
        return report;
    }

    private void deliver(String callbackUrl, Map<String, String> report, int attempt, int duplicates) {
        String url = withParams(callbackUrl, report);
        int status;
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        keep(callbackAttempts, new CallbackAttempt(Instant.now(), url, status));
        if (status == 200) {
            if (duplicates > 0) {
                callbacks.schedule(() -> deliver(callbackUrl, report, 0, duplicates - 1), 50, TimeUnit.MILLISECONDS);
            }
        } else if (attempt < CALLBACK_RESENDS) {
            callbacks.schedule(() -> deliver(callbackUrl, report, attempt + 1, duplicates), settings.callbackRetryDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Appends the report to the CallbackUrl, replacing the empty placeholders the documented template carries. */
    static String withParams(String callbackUrl, Map<String, String> report) {
        int question = callbackUrl.indexOf('?');
        String base = question < 0 ? callbackUrl : callbackUrl.substring(0, question);
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String pair : callbackUrl.substring(question + 1).split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!pair.isEmpty() && report.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                    kept.add(pair);
                }
            }
        }
        report.forEach((name, value) -> kept.add(EsmsQuery.percentEncode(name) + "=" + EsmsQuery.percentEncode(value == null ? "" : value)));
        return base + "?" + String.join("&", kept);
    }

    // ---------------------------------------------------------------------------------------------- VBot

    private record VbotToken(Instant expiresAt, int revocation) {
    }

    /** A call VBot placed, as its call history reports it once it has ended. */
    private record VbotHistoryEntry(String phone, String externalCallId, String disposition, int talkSeconds, double postage,
            Instant endedAt, String template) {
    }


    private final Map<String, VbotToken> vbotTokens = new ConcurrentHashMap<>();
    private final Map<String, String> vbotRefreshTokens = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong vbotCampaigns = new java.util.concurrent.atomic.AtomicLong(5000);
    private final Map<String, Deque<VbotHistoryEntry>> vbotHistory = new ConcurrentHashMap<>();
    private static final int VBOT_HISTORY_KEPT = 50;

    /**
     * VBot under [URL] = /vbot: the seed's API (POST /token, POST /api/campaign/create with a Bearer token, the
     * call-history list), and the current auto-call API (POST /m-auto-call/api/call/create-list-phone, X-API-Key).
     */
    private void handleVbot(HttpExchange http) throws IOException {
        String operation = http.getRequestURI().getPath().substring(1);
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!operation.equals("vbot" + Vbot.TOKEN_PATH) && settings.takeHttpRefusal()) {
                record(operation, body, Map.of(), 413, null);
                respond(http, 413, "text/plain", "Content Too Large");
                return;
            }
            if (operation.equals("vbot" + Vbot.TOKEN_PATH)) {
                handleVbotToken(http, operation, body);
            } else if (operation.equals("vbot" + Vbot.CAMPAIGN_CREATE_PATH)) {
                handleVbotCampaign(http, operation, body);
            } else if (operation.equals("vbot" + VbotAutoCall.CREATE_LIST_PHONE_PATH)) {
                handleVbotAutoCalls(http, operation, body);
            } else if (operation.equals("vbot" + Vbot.CALL_HISTORY_PATH)) {
                handleVbotCallHistory(http, operation);
            } else if (operation.equals("vbot" + VbotAutoCall.CDR_LIST_PATH)) {
                handleVbotAutoCallCdr(http, operation);
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
        String grant = form.get(Vbot.GRANT_TYPE);
        boolean passwordOk = "password".equals(grant) && settings.vbotUsername().equals(form.get(Vbot.USERNAME))
                && settings.vbotPassword().equals(form.get(Vbot.PASSWORD));
        boolean refreshOk = "refresh_token".equals(grant) && form.get(Vbot.REFRESH_TOKEN) != null
                && vbotRefreshTokens.remove(form.get(Vbot.REFRESH_TOKEN)) != null;
        if (!passwordOk && !refreshOk) {
            record(operation, grant, form, 400, "invalid_grant");
            respond(http, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        String refresh = UUID.randomUUID().toString();
        vbotTokens.put(token, new VbotToken(Instant.now().plusSeconds(settings.vbotTokenTtlSeconds()), settings.vbotRevocations()));
        vbotRefreshTokens.put(refresh, token);
        answer.put(Vbot.ACCESS_TOKEN, token);
        answer.put(Vbot.TOKEN_TYPE, "bearer");
        answer.put(Vbot.EXPIRES_IN, settings.vbotTokenTtlSeconds());
        answer.put(Vbot.REFRESH_TOKEN, refresh);
        record(operation, grant, form, 200, grant);
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    private boolean bearerValid(HttpExchange http) {
        String authorization = http.getRequestHeaders().getFirst("Authorization");
        VbotToken token = authorization == null ? null : vbotTokens.get(authorization.replaceFirst("^Bearer ", ""));
        return token != null && !Instant.now().isAfter(token.expiresAt()) && token.revocation() == settings.vbotRevocations();
    }

    private boolean apiKeyValid(HttpExchange http) {
        return settings.vbotApiKey().equals(http.getRequestHeaders().getFirst(VbotAutoCall.API_KEY_HEADER));
    }

    private void handleVbotCampaign(HttpExchange http, String operation, String body) throws IOException {
        if (!bearerValid(http)) {
            record(operation, body, Map.of(), 401, null);
            respond(http, 401, "application/json", "{\"message\":\"Authorization has been denied for this request.\"}");
            return;
        }
        if (settings.takeHttpError()) {
            record(operation, body, Map.of(), 503, null);
            respond(http, 503, "text/plain", "Service Unavailable");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode campaign = JSON.readTree(body);
        // The table names vbot_id, project_code, campaignID; the example vbotId, groupCode, campaignId: either.
        String vbotId = campaign.path(Vbot.VBOT_ID).asText(campaign.path(Vbot.VBOT_ID_TABLED).asText(""));
        String group = campaign.path(Vbot.GROUP_CODE).asText(campaign.path(Vbot.GROUP_CODE_TABLED).asText(""));
        String template = campaign.path(Vbot.CAMPAIGN_ID).asText(campaign.path(Vbot.CAMPAIGN_ID_TABLED).asText(""));
        Map<String, Object> answer = new LinkedHashMap<>();
        if (vbotId.isEmpty() || group.isEmpty() || template.isEmpty() || !campaign.path(Vbot.PHONES).isArray()
                || campaign.path(Vbot.PHONES).isEmpty() || settings.unknownTemplates().contains(template)) {
            answer.put(Vbot.STATUS, 0);
            answer.put(Vbot.ERROR, 201);
            answer.put(Vbot.MSG, "Invalid parameter");
            answer.put(Vbot.DATA, "-1");
        } else {
            long id = vbotCampaigns.incrementAndGet();
            answer.put(Vbot.STATUS, 1);
            answer.put(Vbot.ERROR, 0);
            answer.put(Vbot.MSG, "success");
            answer.put(Vbot.DATA, id);
            for (com.fasterxml.jackson.databind.JsonNode phone : campaign.path(Vbot.PHONES)) {
                Map<String, String> fields = new LinkedHashMap<>();
                phone.path(Vbot.FIELDS).forEach(f -> fields.put(f.path(Vbot.KEY).asText(), f.path(Vbot.VALUE).asText()));
                placeVbotCall(fields.getOrDefault(Vbot.PHONE, ""), null, String.valueOf(id), fields);
            }
        }
        record(operation, body, Map.of(), 200, answer.get(Vbot.ERROR).toString());
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * create-list-phone (v3/campaign-call.md): at most 5 phones after dropping repeats (the first kept), errorCode -1
     * for missing phone_infos or other invalid parameters, 403 over 5 phones, 500 system error; no call id answered.
     */
    private void handleVbotAutoCalls(HttpExchange http, String operation, String body) throws IOException {
        if (!apiKeyValid(http)) {
            record(operation, body, Map.of(), 401, "401");
            respond(http, 401, "application/json", "{\"status\":401,\"msg\":\"Unauthorized\",\"errorCode\":401,\"data\":null}");
            return;
        }
        if (settings.takeHttpError()) {
            record(operation, body, Map.of(), 500, "500");
            respond(http, 500, "application/json", "{\"status\":500,\"msg\":\"error\",\"errorCode\":500,\"data\":null}");
            return;
        }
        com.fasterxml.jackson.databind.JsonNode request = JSON.readTree(body);
        String template = request.path(VbotAutoCall.TEMPLATE_CODE).asText("");
        String hotline = request.path(VbotAutoCall.HOTLINE_CODE).asText("");
        com.fasterxml.jackson.databind.JsonNode infos = request.path(VbotAutoCall.PHONE_INFOS);
        Map<String, com.fasterxml.jackson.databind.JsonNode> byPhone = new LinkedHashMap<>();
        infos.forEach(info -> byPhone.putIfAbsent(info.path(VbotAutoCall.PHONE).asText(""), info));
        String code;
        String message;
        if (!infos.isArray()) {
            code = "-1";
            message = "phoneInfos is null";
        } else if (byPhone.size() > VbotAutoCall.MAX_PHONES_PER_REQUEST) {
            code = "403";
            message = "error";
        } else if (template.isEmpty() || hotline.isEmpty() || settings.unknownTemplates().contains(template)
                || byPhone.keySet().stream().anyMatch(String::isEmpty)
                || byPhone.values().stream().anyMatch(info -> info.has(VbotAutoCall.EXTERNAL_CALL_ID)
                        && !VbotAutoCall.EXTERNAL_CALL_ID_FORM.matcher(info.path(VbotAutoCall.EXTERNAL_CALL_ID).asText()).matches())) {
            code = "-1";
            message = "Invalid parameters";
        } else {
            code = "0";
            message = "Success";
            byPhone.forEach((phone, info) -> {
                Map<String, String> datas = new LinkedHashMap<>();
                info.path(VbotAutoCall.DATAS).properties().forEach(e -> datas.put(e.getKey(), e.getValue().asText()));
                placeVbotCall(phone, info.path(VbotAutoCall.EXTERNAL_CALL_ID).asText(null), template, datas);
            });
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "0".equals(code) ? 200 : 500);
        answer.put(VbotAutoCall.MSG, message);
        answer.put(VbotAutoCall.ERROR_CODE, Integer.parseInt(code));
        answer.put(VbotAutoCall.DATA, "0".equals(code) ? Boolean.TRUE : null);
        record(operation, body, Map.of(), 200, code);
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * The call-history list (call-transaction.md): GET with vbot_id, project_code, phone, page, size (the page calls
     * them "Body"; they come as query parameters), Bearer token or the project's X-API-Key; newest first. Each entry
     * carries external_call_id (since 2026-02-13) and the callee's disposition.
     */
    private void handleVbotCallHistory(HttpExchange http, String operation) throws IOException {
        Map<String, String> query = parseQuery(http.getRequestURI().getRawQuery());
        if (!bearerValid(http) && !apiKeyValid(http)) {
            record(operation, http.getRequestURI().getRawQuery(), query, 401, null);
            respond(http, 401, "application/json", "{\"message\":\"Authorization has been denied for this request.\"}");
            return;
        }
        if (settings.takeHttpError()) {
            record(operation, http.getRequestURI().getRawQuery(), query, 503, null);
            respond(http, 503, "text/plain", "Service Unavailable");
            return;
        }
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int size = Math.max(1, Integer.parseInt(query.getOrDefault("size", "10")));
        List<VbotHistoryEntry> ended = new ArrayList<>(vbotHistory.getOrDefault(query.getOrDefault(Vbot.PHONE, ""), new ArrayDeque<>()));
        ended.removeIf(entry -> entry.endedAt().isAfter(Instant.now()));
        Collections.reverse(ended);
        List<Map<String, Object>> data = new ArrayList<>();
        for (VbotHistoryEntry entry : ended.subList(Math.min((page - 1) * size, ended.size()), Math.min(page * size, ended.size()))) {
            String when = Vbot.HISTORY_TIME.format(entry.endedAt().atZone(EsmsVoice.VIETNAM));
            String talk = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", entry.talkSeconds() / 3600, entry.talkSeconds() / 60 % 60, entry.talkSeconds() % 60);
            Map<String, Object> callee = new LinkedHashMap<>();
            callee.put(Vbot.PHONE, entry.phone());
            callee.put("vbot_id", "");
            callee.put("date_create", when);
            callee.put(Vbot.HISTORY_DISPOSITION, entry.disposition());
            callee.put(Vbot.HOOK_TIME_CALL, talk);
            callee.put(Vbot.HOOK_POSTAGE, entry.postage());
            callee.put("source", "Phone");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hotline_number", "02871002454");
            item.put("date_create", when);
            item.put("caller", List.of());
            item.put(Vbot.HISTORY_CALLEE, List.of(callee));
            item.put(Vbot.HOOK_TIME_CALL, talk);
            item.put("type_call", "OUTCALL");
            item.put(Vbot.HISTORY_DISPOSITION, entry.disposition());
            item.put(VbotAutoCall.HISTORY_EXTERNAL_CALL_ID, entry.externalCallId() == null ? "" : entry.externalCallId());
            item.put(Vbot.HOOK_POSTAGE, entry.postage());
            item.put("record_file", List.of());
            data.add(item);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(Vbot.STATUS, 1);
        answer.put(Vbot.ERROR, 0);
        answer.put("message", "success");
        answer.put(Vbot.DATA, data);
        record(operation, http.getRequestURI().getRawQuery(), query, 200, "0");
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * The v3 auto-call CDR list (campaign-cdr.md, GET /m-auto-call/api/cdr/get-all): X-API-Key only; key_search
     * finds the phone, start_date (epoch ms) the calls created since; entries of auto-calls that have ended, newest
     * first, in the list's camelCase form; answer {status, msg, errorCode, data}.
     */
    private void handleVbotAutoCallCdr(HttpExchange http, String operation) throws IOException {
        Map<String, String> query = parseQuery(http.getRequestURI().getRawQuery());
        if (!apiKeyValid(http)) {
            record(operation, http.getRequestURI().getRawQuery(), query, 401, "401");
            respond(http, 401, "application/json", "{\"status\":401,\"msg\":\"Unauthorized\",\"errorCode\":401,\"data\":null}");
            return;
        }
        if (settings.takeHttpError()) {
            record(operation, http.getRequestURI().getRawQuery(), query, 500, "500");
            respond(http, 500, "application/json", "{\"status\":500,\"msg\":\"error\",\"errorCode\":500,\"data\":null}");
            return;
        }
        int page = Math.max(1, Integer.parseInt(query.getOrDefault(VbotAutoCall.CDR_PAGE, "1")));
        int size = Math.max(1, Integer.parseInt(query.getOrDefault(VbotAutoCall.CDR_SIZE, "10")));
        long since = Long.parseLong(query.getOrDefault(VbotAutoCall.CDR_START_DATE, "0"));
        List<VbotHistoryEntry> ended = new ArrayList<>(vbotHistory.getOrDefault(query.getOrDefault(VbotAutoCall.CDR_KEY_SEARCH, ""), new ArrayDeque<>()));
        ended.removeIf(entry -> entry.externalCallId() == null || entry.endedAt().isAfter(Instant.now())
                || entry.endedAt().toEpochMilli() < since);
        Collections.reverse(ended);
        List<Map<String, Object>> data = new ArrayList<>();
        for (VbotHistoryEntry entry : ended.subList(Math.min((page - 1) * size, ended.size()), Math.min(page * size, ended.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(VbotAutoCall.LOG_PHONE, entry.phone());
            item.put(VbotAutoCall.LOG_DURATION, entry.talkSeconds() + 7);
            item.put(VbotAutoCall.LOG_BILLSEC, entry.talkSeconds());
            item.put("sipCode", switch (entry.disposition()) {
                case "ANSWER" -> "200";
                case "NOANSWER" -> "480";
                case "BUSY" -> "486";
                case "NOT_MONEY" -> "402";
                default -> "500";
            });
            item.put(VbotAutoCall.LOG_DISPOSITION, entry.disposition());
            item.put("status", 1);
            item.put(VbotAutoCall.LOG_POSTAGE, entry.postage());
            item.put(VbotAutoCall.LOG_EXTERNAL_CALL_ID, entry.externalCallId());
            item.put("templateScriptCode", entry.template());
            item.put(VbotAutoCall.LOG_TRANS_ID, "SIM" + Integer.toHexString(entry.externalCallId().hashCode()));
            item.put("createAt", entry.endedAt().toEpochMilli() - (entry.talkSeconds() + 7) * 1000L);
            item.put("endCallAt", entry.endedAt().toEpochMilli());
            data.add(item);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", 200);
        answer.put(VbotAutoCall.MSG, "Success");
        answer.put(VbotAutoCall.ERROR_CODE, 0);
        answer.put(VbotAutoCall.DATA, data);
        record(operation, http.getRequestURI().getRawQuery(), query, 200, "0");
        respond(http, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /**
     * One phone called by VBot: its outcome (outcomes-by-phone or the mix), an entry in the call history once it has
     * ended (callback-delay-ms later), and its webhook then: the seed's auto-call history for a campaign, or
     * AUTO_CALL_LOG (camelCase, externalCallId) for an auto-call.
     */
    private void placeVbotCall(String phone, String externalCallId, String campaignOrTemplate, Map<String, String> fields) {
        String outcome = settings.outcomeFor(phone, campaignOrTemplate + phone + externalCallId);
        countPlaced(phone);
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
        Deque<VbotHistoryEntry> history = vbotHistory.computeIfAbsent(phone, p -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        history.add(new VbotHistoryEntry(phone, externalCallId, disposition, talk, postage, ended, campaignOrTemplate));
        while (history.size() > VBOT_HISTORY_KEPT) { // a phone's newest calls only, so a long demo cannot fill the heap
            history.pollFirst();
        }
        String url = settings.vbotWebhookUrl();
        if (url == null || !settings.callbacks()) {
            return;
        }
        Map<String, Object> hook = new LinkedHashMap<>();
        if (externalCallId == null) {
            String status = switch (disposition) {
                case "ANSWER" -> "200";
                case "NOANSWER" -> "2";
                case "BUSY" -> "3";
                default -> "101";
            };
            hook.put(Vbot.HOOK_CAMPAIGN_ID, Long.parseLong(campaignOrTemplate));
            hook.put("create_at", java.time.LocalDateTime.now(EsmsVoice.VIETNAM).toString());
            hook.put("hotline", "02871002454");
            hook.put(Vbot.HOOK_PHONE, phone);
            hook.put(Vbot.NAME, fields.getOrDefault(Vbot.NAME, ""));
            hook.put(Vbot.DESCRIPTION, fields.getOrDefault(Vbot.DESCRIPTION, ""));
            hook.put(Vbot.HOOK_STATUS, Integer.parseInt(status));
            hook.put(Vbot.HOOK_TIME_CALL, talk);
            hook.put(Vbot.HOOK_POSTAGE, postage);
            hook.put("service_charge", 0.0);
            hook.put("action_log", "");
            hook.put("event_data", "CAMPAIGN_CALL");
        } else {
            hook.put(VbotAutoCall.LOG_PHONE, phone);
            hook.put(VbotAutoCall.LOG_DURATION, talk + 7);
            hook.put(VbotAutoCall.LOG_BILLSEC, talk);
            hook.put(VbotAutoCall.LOG_DISPOSITION, disposition);
            hook.put("hotlineCode", "SIM_HOTLINE");
            hook.put(VbotAutoCall.LOG_POSTAGE, postage);
            hook.put("serviceCharge", 0);
            hook.put("templateScriptCode", campaignOrTemplate);
            hook.put(VbotAutoCall.LOG_TRANS_ID, "SIM" + UUID.randomUUID().toString().replace("-", "").substring(0, 17));
            hook.put("createAt", Instant.now().toEpochMilli());
            hook.put("telcoCode", "VTL");
            try {
                hook.put("metaData", JSON.writeValueAsString(fields));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            hook.put(VbotAutoCall.LOG_EXTERNAL_CALL_ID, externalCallId);
        }
        callbacks.schedule(() -> post(url, hook, 0), settings.callbackDelayMs(), TimeUnit.MILLISECONDS);
    }

    private void post(String url, Map<String, Object> body, int attempt) {
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (settings.vbotWebhookAuth() != null) {
                request.header("Authorization", settings.vbotWebhookAuth());
            }
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        keep(callbackAttempts, new CallbackAttempt(Instant.now(), url + " " + body.get("phone"), status));
        if (status != 200 && attempt < CALLBACK_RESENDS) {
            callbacks.schedule(() -> post(url, body, attempt + 1), settings.callbackRetryDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------- admin

    /** Calls placed per phone (eSMS and VBot; a request answered 124 places none): what a benchmark counts. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> placedByPhone = new ConcurrentHashMap<>();

    private void countPlaced(String phone) {
        placedByPhone.computeIfAbsent(phone, p -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    /** How many calls were placed, to how many phones, and how many phones were called more than once. */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("callsPlaced", placedByPhone.values().stream().mapToLong(java.util.concurrent.atomic.AtomicInteger::get).sum());
        stats.put("phonesCalled", (long) placedByPhone.size());
        stats.put("phonesCalledTwice", placedByPhone.values().stream().filter(n -> n.get() > 1).count());
        stats.put("mostEsmsRequestsAtOnce", (long) esmsMostInFlight.get());
        return stats;
    }

    private void handleStats(HttpExchange http) throws IOException {
        respond(http, 200, "application/json", JSON.writeValueAsString(stats()));
    }

    private void handleConfig(HttpExchange http) throws IOException {
        if (!"POST".equals(http.getRequestMethod())) {
            respond(http, 405, "text/plain", "POST only");
            return;
        }
        try {
            parseQuery(http.getRequestURI().getRawQuery()).forEach(settings::set);
            respond(http, 200, "text/plain", "OK");
        } catch (IllegalArgumentException e) {
            respond(http, 400, "text/plain", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private void record(String operation, String rawQuery, Map<String, String> params, int status, String code) {
        keep(received, new Received(Instant.now(), operation, rawQuery, Collections.unmodifiableMap(params), status, code));
    }

    private static <T> void keep(Deque<T> kept, T item) {
        synchronized (kept) {
            kept.addLast(item);
            if (kept.size() > KEPT) {
                kept.removeFirst();
            }
        }
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(EsmsVoice.CODE_RESULT, code);
        answer.put(EsmsVoice.ERROR_MESSAGE, message);
        return answer;
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            params.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static void respond(HttpExchange http, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs the simulator alone, as a second process (demos, benchmarks, a node pointed at it with esms.voice-url):
     * java -cp ... vn.voiceroutes.simulator.ProviderSimulator [port] [key=value ...]
     */
    public static void main(String[] args) throws Exception {
        SimulatorSettings settings = new SimulatorSettings();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            settings.set(pair[0], pair[1]);
        }
        ProviderSimulator simulator = new ProviderSimulator(settings, "127.0.0.1", port);
        simulator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
