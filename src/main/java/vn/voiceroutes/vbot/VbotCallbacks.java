package vn.voiceroutes.vbot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;

import vn.voiceroutes.ledger.CallLedger;
import vn.voiceroutes.ledger.CallLedger.ReportResult;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/**
 * Reads VBot's webhooks (POST JSON) and stores them in the ledger before the 200 is answered. VBot's console can send
 * an auth header of the customer's choice with each webhook (v3/webhooks.md "Auth header"): when
 * vbot.webhook.auth-header-value is set, a webhook without it is refused like one with a wrong path token.
 */
public class VbotCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallLedger ledger;
    private final vn.voiceroutes.dispatch.ProviderGate gate;
    private final String authHeaderName;
    private final String authHeaderValue;

    public VbotCallbacks(CallLedger ledger, vn.voiceroutes.dispatch.ProviderGate gate, String authHeaderName, String authHeaderValue) {
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
        String given = exchange.getMessage().getHeader(authHeaderName, String.class);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                authHeaderValue.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Told apart by their fields: the current API's auto-call log (externalCallId, flat, or inside AUTO_CALL_COMPLETE's
     * autoCallLog; also its recording and AI-extraction events), the seed's auto-call history (campaign_id, phone,
     * status), the call history (disposition, callee). Anything else is kept as an orphan event.
     */
    public ReportResult store(Exchange exchange) throws IOException {
        String raw = exchange.getMessage().getBody(String.class);
        JsonNode body = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
        if (body.path(VbotAutoCall.COMPLETE_LOG).isObject()) {
            Map<String, String> report = flatten(body.path(VbotAutoCall.COMPLETE_LOG));
            return ledger.recordVbotAutoCallLog(report, raw, phone(report.get(VbotAutoCall.LOG_PHONE)), "vbot-auto-call-complete");
        }
        Map<String, String> report = flatten(body);
        if (report.containsKey(VbotAutoCall.LOG_EXTERNAL_CALL_ID) || report.containsKey(VbotAutoCall.LOG_TRANS_ID)) {
            return ledger.recordVbotAutoCallLog(report, raw, phone(report.get(VbotAutoCall.LOG_PHONE)), "vbot-auto-call-log");
        }
        if (!report.containsKey(Vbot.HOOK_CAMPAIGN_ID) && report.containsKey(Vbot.HISTORY_DISPOSITION)) {
            return ledger.recordVbotCallHistory(report, raw, phone(callee(body)));
        }
        ReportResult result = ledger.recordVbotReport(report, raw, phone(report.get(Vbot.HOOK_PHONE)));
        String status = report.getOrDefault(Vbot.HOOK_STATUS, "").strip();
        if (Vbot.ACCOUNT_STATUSES.contains(status)) {
            // the phone was not called because of the account: no more campaigns until an operator resumes VBot
            gate.pause(Vbot.PROVIDER, status, Vbot.autoCallFailure(status) + " (reported by VBot's auto-call history)");
        }
        return result;
    }

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> report = new LinkedHashMap<>();
        node.properties().forEach(e -> report.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return report;
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
