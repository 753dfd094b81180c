package vn.voiceroutes.simulator;

import static vn.voiceroutes.simulator.SimulatorSupport.JSON;
import static vn.voiceroutes.simulator.SimulatorSupport.parseQuery;
import static vn.voiceroutes.simulator.SimulatorSupport.respond;
import static vn.voiceroutes.simulator.SimulatorSupport.sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * eSMS's voice API as its pages describe it (esms-docs/), under /MainService.svc/json/: MakeCallRecord_V2,
 * MakeCallTemplate_V2, voice OTP (SendMultipleMessage_V4), GetSendStatus and GetBalance_json, their JSON answers and
 * codes. Every wire name is written here as the documents spell it, never taken from the client's code, so a
 * misspelt name there fails against this.
 */
final class EsmsStandIn {

    static final String SERVICE_PATH = "/MainService.svc/json/";

    /** A call eSMS accepted, and the outcome it will report. */
    record SimCall(String smsId, String requestId, String phone, String outcome, Instant finalAt, boolean otp) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EsmsStandIn.class);
    private static final Set<String> CALL_OPERATIONS = Set.of("MakeCallRecord_V2", "MakeCallTemplate_V2");
    private static final Set<String> OTP_OPERATIONS = Set.of("SendMultipleMessage_V4_get", "SendMultipleMessage_V4_post_json/");

    private final SimulatorSupport support;
    private final SimulatorSettings settings;
    private final EsmsCallbackSender reports;
    private final Map<String, SimCall> callsBySmsId = new ConcurrentHashMap<>();
    private final Map<String, String> smsIdByRequestId = new ConcurrentHashMap<>();
    private final AtomicInteger esmsInFlight = new AtomicInteger();
    private final AtomicInteger esmsMostInFlight = new AtomicInteger();

    EsmsStandIn(SimulatorSupport support) {
        this.support = support;
        this.settings = support.settings();
        this.reports = new EsmsCallbackSender(support);
    }

    /** The most eSMS requests it was answering at once so far. */
    int mostRequestsAtOnce() {
        return esmsMostInFlight.get();
    }

    void reset() {
        callsBySmsId.clear();
        smsIdByRequestId.clear();
    }

    void handle(HttpExchange http) throws IOException {
        String operation = http.getRequestURI().getPath().substring(SERVICE_PATH.length());
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
                support.record(operation, "(" + query.length() + " bytes)", Map.of(), 414, null);
                respond(http, 414, "text/html", "<h2>HTTP Error 404.15 - Not Found</h2> The request filtering module is configured to deny a request where the query string is too long.");
                return;
            }
            if (settings.takeHttpRefusal()) {
                support.record(operation, rawQuery, params, 413, null);
                respond(http, 413, "text/plain", "Content Too Large");
                return;
            }
            if (settings.takeHttpError()) {
                support.record(operation, rawQuery, params, 503, null);
                respond(http, 503, "text/plain", "Service Unavailable");
                return;
            }
            Map<String, Object> answer;
            if (!settings.apiKey().equals(params.get("ApiKey")) || !settings.secretKey().equals(params.get("SecretKey"))) {
                answer = error("101", "Authorize Failed");
            } else if (CALL_OPERATIONS.contains(operation) || OTP_OPERATIONS.contains(operation)) {
                answer = makeCall(params, OTP_OPERATIONS.contains(operation));
            } else if ("GetBalance_json".equals(operation)) {
                answer = new LinkedHashMap<>();
                answer.put("Balance", settings.balance());
                answer.put("CodeResponse", "100");
                answer.put("UserID", 9999);
            } else if ("GetSendStatus".equals(operation) && params.containsKey("RefId")) {
                answer = messageStatus(params.get("RefId"));
            } else if ("GetSendStatus".equals(operation)) {
                answer = sendStatus(params.get("ReferenceId"));
            } else {
                support.record(operation, rawQuery, params, 404, null);
                respond(http, 404, "text/plain", "Not Found");
                return;
            }
            Object code = answer.containsKey("CodeResult") ? answer.get("CodeResult") : answer.get("CodeResponse");
            support.record(operation, rawQuery, params, 200, String.valueOf(code));
            // eSMS answers HTTP 200 whatever the code.
            respond(http, 200, "application/json; charset=utf-8", JSON.writeValueAsString(answer));
        } catch (RuntimeException e) {
            LOG.error("Simulator failed on {}", operation, e);
            respond(http, 500, "text/plain", "Internal Server Error");
        }
    }

    /** The most eSMS requests it was answering at once since the last call (then counting again from now). */
    int takeMostEsmsRequestsAtOnce() {
        return esmsMostInFlight.getAndSet(esmsInFlight.get());
    }

    private Map<String, Object> makeCall(Map<String, String> params, boolean otp) {
        String phone = params.getOrDefault("Phone", "");
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
            if (!"8".equals(params.get("SmsType"))) {
                return error("118", "SmsType not supported");
            }
            if (params.getOrDefault("Content", "").isBlank()) {
                return error("99", "Content empty");
            }
        } else {
            String templateId = params.getOrDefault("TemplateId", "");
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
        String requestId = params.get("RequestId");
        String smsId = UUID.randomUUID().toString();
        if (requestId != null && !requestId.isEmpty() && smsIdByRequestId.putIfAbsent(requestId, smsId) != null) {
            return error("124", "Duplicate RequestId");
        }
        String outcome = settings.outcomeFor(phone, smsId);
        support.countPlaced(phone);
        SimCall call = new SimCall(smsId, requestId, phone, outcome, Instant.now().plusMillis(settings.callbackDelayMs()), otp);
        if (callsBySmsId.size() >= SimulatorSupport.KEPT) {
            // GetSendStatus of a call this old answers 105, as eSMS does for an SMSID it no longer has.
            callsBySmsId.clear();
        }
        callsBySmsId.put(smsId, call);
        String callbackUrl = params.get("CallbackUrl");
        if (callbackUrl != null && !callbackUrl.isBlank() && settings.callbacks()) {
            if (settings.callbackPendingFirst() && !otp) {
                Map<String, String> pending = reports.report(call);
                pending.put("CallStatus", "");
                pending.put("SendStatus", "7");
                pending.put("SentResult", "0");
                pending.put("CallDuration", "0");
                support.callbacks().schedule(() -> reports.deliver(callbackUrl, pending, 0, 0), Math.max(0, settings.callbackDelayMs() / 2), TimeUnit.MILLISECONDS);
            }
            support.callbacks().schedule(() -> reports.deliver(callbackUrl, reports.report(call), 0, settings.callbackDuplicates()),
                    settings.callbackDelayMs(), TimeUnit.MILLISECONDS);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("CodeResult", "100");
        answer.put("SMSID", smsId);
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
        Map<String, String> report = reports.report(call);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("CallDuration", Integer.parseInt(report.get("CallDuration")));
        answer.put("CallStatus", "NO ANSWER".equals(report.get("CallStatus")) ? "NOANSWERED" : report.get("CallStatus"));
        answer.put("CodeResponse", "100");
        answer.put("Ivr", report.get("Ivr"));
        answer.put("ReferenceId", call.smsId());
        answer.put("SendStatus", 5);
        answer.put("SentResult", Integer.parseInt(report.get("SentResult")));
        return answer;
    }

    /** The rest API's status answer (ham-kiem-tra-tin-nhan-theo-smsid.md): the message callback's figures, as numbers. */
    private Map<String, Object> messageStatus(String refId) {
        SimCall call = finishedCall(refId);
        if (call == null) {
            return error("105", "SMSID not found");
        }
        Map<String, String> report = EsmsCallbackSender.messageReport(call);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("CodeResponse", "100");
        answer.put("SMSID", call.smsId());
        answer.put("SendFailed", Integer.parseInt(report.get("SendFailed")));
        answer.put("SendStatus", 5);
        answer.put("SendSuccess", Integer.parseInt(report.get("SendSuccess")));
        answer.put("TotalPrice", Double.parseDouble(report.get("TotalPrice")));
        answer.put("TotalReceiver", 1);
        answer.put("TotalSent", 1);
        return answer;
    }





    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("CodeResult", code);
        answer.put("ErrorMessage", message);
        return answer;
    }
}
