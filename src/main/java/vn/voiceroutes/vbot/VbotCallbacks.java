package vn.voiceroutes.vbot;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;

import vn.voiceroutes.ledger.CallLedger;
import vn.voiceroutes.ledger.CallLedger.ReportResult;
import vn.voiceroutes.model.InvalidRecordException;
import vn.voiceroutes.phone.PhoneNumbers;

/** Reads VBot's webhooks (POST JSON) and stores them in the ledger before the 200 is answered. */
public class VbotCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallLedger ledger;

    public VbotCallbacks(CallLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The auto-call history of a phone (campaign_id, phone, status, ...) or a call history (callee, disposition,
     * ...), told apart by their fields; anything else is kept as an orphan event.
     */
    public ReportResult store(Exchange exchange) throws IOException {
        String raw = exchange.getMessage().getBody(String.class);
        JsonNode body = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
        Map<String, String> report = new LinkedHashMap<>();
        body.properties().forEach(e -> report.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        if (!report.containsKey(Vbot.HOOK_CAMPAIGN_ID) && report.containsKey(Vbot.HISTORY_DISPOSITION)) {
            return ledger.recordVbotCallHistory(report, raw, phone(report.get(Vbot.HISTORY_CALLEE)));
        }
        return ledger.recordVbotReport(report, raw, phone(report.get(Vbot.HOOK_PHONE)));
    }

    private static String phone(String raw) {
        try {
            return raw == null ? null : PhoneNumbers.normalize("phone", raw);
        } catch (InvalidRecordException e) {
            return null; // not a phone we could have called: the report is kept as an orphan
        }
    }
}
