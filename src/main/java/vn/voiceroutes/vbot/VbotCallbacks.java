package vn.voiceroutes.vbot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Exchange;

import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.ledger.ProviderReports.ReportResult;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * Reads VBot's webhooks (POST JSON) and stores them in the ledger before the 200 is answered. VBot's console can send
 * an auth header of the customer's choice with each webhook (v3/webhooks.md "Auth header"): when
 * vbot.webhook.auth-header-value is set, a webhook without it is refused like one with a wrong path token.
 */
public class VbotCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VbotReports ledger;
    private final vn.voiceroutes.dispatch.ProviderGate gate;
    private final String authHeaderName;
    private final String authHeaderValue;

    public VbotCallbacks(VbotReports ledger, vn.voiceroutes.dispatch.ProviderGate gate, String authHeaderName, String authHeaderValue) {
        this.ledger = ledger;
        this.gate = gate;
        this.authHeaderName = authHeaderName;
        this.authHeaderValue = authHeaderValue == null || authHeaderValue.isBlank() ? null : authHeaderValue;
    }

    /** The header VBot is told to send, when one is required (its name only: the value is a secret). */
    public String authHeaderName() {
        return authHeaderName;
    }

    /** True when no header is required, or the request carries the configured one (compared in constant time). */
    public boolean headerAuthorized(Exchange exchange) {
        if (authHeaderValue == null) {
            return true;
        }
        // the header itself: a query parameter of the same name is not the header VBot's console sends
        String given = vn.voiceroutes.http.RequestHeaders.get(exchange, authHeaderName);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                authHeaderValue.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Told apart by their fields: the current API's auto-call log (externalCallId, flat, or inside AUTO_CALL_COMPLETE's
     * autoCallLog; also its recording and AI-extraction events), the seed's auto-call history (campaign_id, phone,
     * status), the call history (disposition, callee). Anything else is kept as an orphan event.
     */
    public ReportResult store(Exchange exchange) throws IOException {
        JsonNode body = jsonBody(exchange);
        String raw = body.toString();
        if (body.path(VbotAutoCall.COMPLETE_LOG).isObject()) {
            Map<String, String> report = checked(flatten(body.path(VbotAutoCall.COMPLETE_LOG)));
            ReportResult result = ledger.recordVbotAutoCallLog(report, raw, phone(report.get(VbotAutoCall.LOG_PHONE)), "vbot-auto-call-complete");
            pauseOnAccountDisposition(report, result);
            return result;
        }
        Map<String, String> report = checked(flatten(body));
        if (report.containsKey(VbotAutoCall.LOG_EXTERNAL_CALL_ID) || report.containsKey(VbotAutoCall.LOG_TRANS_ID)) {
            ReportResult result = ledger.recordVbotAutoCallLog(report, raw, phone(report.get(VbotAutoCall.LOG_PHONE)), "vbot-auto-call-log");
            pauseOnAccountDisposition(report, result);
            return result;
        }
        if (!report.containsKey(Vbot.HOOK_CAMPAIGN_ID) && report.containsKey(Vbot.HISTORY_DISPOSITION)) {
            return ledger.recordVbotCallHistory(checked(withCalleesFigures(report, body)), raw, phone(callee(body)));
        }
        ReportResult result = ledger.recordVbotReport(report, raw, phone(report.get(Vbot.HOOK_PHONE)));
        String status = report.getOrDefault(Vbot.HOOK_STATUS, "").strip();
        if (Vbot.ACCOUNT_STATUSES.contains(status) && ofAKnownCall(result)) {
            // the phone was not called because of the account: no more campaigns until an operator resumes VBot
            gate.pause(Vbot.PROVIDER, status, Vbot.autoCallFailure(status) + " (reported by VBot's auto-call history)");
        }
        return result;
    }

    /**
     * The webhook's body: JSON (Content-Type application/json, or none given), one object, at most 1,000 levels deep
     * (Jackson's limit), else 415 or 400 with the reason and nothing stored.
     */
    private static JsonNode jsonBody(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null && !type.isBlank()) {
            String mediaType = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!mediaType.equals("application/json") && !mediaType.equals("text/json") && !mediaType.endsWith("+json")) {
                throw new BadRequestException(415, "a webhook is JSON (Content-Type: application/json), not " + mediaType);
            }
        }
        String raw = exchange.getMessage().getBody(String.class);
        if (raw == null || raw.isBlank()) {
            throw new BadRequestException("the body is empty; a webhook is a JSON object");
        }
        HttpChecks.text("the body", raw.replaceAll("[\\t\\n\\r]", " "), 1_000_000);
        JsonNode body;
        try {
            body = STRICT.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestException("the body is not a JSON object");
        }
        return body;
    }

    /** Strict: nothing may follow the object. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Every value fit to store (no control character, within its column) and every figure a figure in its range. */
    private static Map<String, String> checked(Map<String, String> report) {
        report.forEach((name, value) -> HttpChecks.text(name, value, name.equals(VbotAutoCall.LOG_EXTERNAL_CALL_ID)
                || name.equals(VbotAutoCall.HISTORY_EXTERNAL_CALL_ID) || name.equals(Vbot.HOOK_CAMPAIGN_ID) ? 100 : 100_000));
        for (String seconds : java.util.List.of(VbotAutoCall.LOG_BILLSEC, VbotAutoCall.LOG_DURATION)) {
            HttpChecks.seconds(seconds, report.get(seconds));
        }
        String timeCall = report.get(Vbot.HOOK_TIME_CALL);
        if (timeCall == null || !timeCall.strip().matches("\\d{1,3}:\\d{2}:\\d{2}")) { // the call history writes "00:00:08"
            HttpChecks.seconds(Vbot.HOOK_TIME_CALL, timeCall);
        }
        HttpChecks.amount(Vbot.HOOK_POSTAGE, report.get(Vbot.HOOK_POSTAGE));
        return report;
    }

    /**
     * A disposition that speaks of the account, not the phone (v3: NOT_MONEY, the balance too low; NOT_FOUND_PRICE,
     * no price for the call): like the seed's status 103, VBot is paused until an operator resumes it.
     */
    private void pauseOnAccountDisposition(Map<String, String> report, ReportResult result) {
        if (!ofAKnownCall(result)) {
            return;
        }
        VbotAutoCall.accountFault(report.get(VbotAutoCall.LOG_DISPOSITION))
                .ifPresent(fault -> gate.pause(Vbot.PROVIDER, fault.getKey(), fault.getValue() + " (reported by VBot's auto-call log)"));
    }

    /**
     * Whether the report moved a call VBot was sent: only such a report may pause VBot. One naming no known call, a
     * resend, or a late one of a call already finished is kept as an event and pauses nothing: anyone with the webhook
     * token could otherwise stop VBot on every node with a made-up report.
     */
    private static boolean ofAKnownCall(ReportResult result) {
        return result == ReportResult.FINAL || result == ReportResult.PROGRESS;
    }

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> report = new LinkedHashMap<>();
        node.properties().forEach(e -> report.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return report;
    }

    /**
     * v3's HISTORY_CALL gives each callee's price and talk time inside callee[] (webhooks.md, "Mỗi item trong caller /
     * callee": postage, time_call), the seed's table at the top level: the top level's where it has them, else the
     * first callee's.
     */
    static Map<String, String> withCalleesFigures(Map<String, String> report, JsonNode history) {
        JsonNode callee = history.path(Vbot.HISTORY_CALLEE);
        if (!callee.isArray() || callee.isEmpty()) {
            return report;
        }
        Map<String, String> figures = new LinkedHashMap<>(report);
        for (String figure : java.util.List.of(Vbot.HOOK_POSTAGE, Vbot.HOOK_TIME_CALL)) {
            JsonNode value = callee.get(0).path(figure);
            if ((figures.get(figure) == null || figures.get(figure).isBlank()) && value.isValueNode() && !value.isNull()) {
                figures.put(figure, value.asText());
            }
        }
        return figures;
    }

    /** The callee: a string in the seed's table, a list of {phone, ...} in the current payload samples. */
    static String callee(JsonNode history) {
        JsonNode callee = history.path(Vbot.HISTORY_CALLEE);
        if (callee.isArray()) {
            return callee.isEmpty() ? null : callee.get(0).path(Vbot.PHONE).asText(null);
        }
        return callee.isValueNode() ? callee.asText() : null;
    }

    static String phone(String raw) {
        try {
            return raw == null ? null : PhoneNumbers.normalize("phone", raw);
        } catch (InvalidRecordException e) {
            return null; // not a phone we could have called: the report is kept as an orphan
        }
    }
}
