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

    /** Auto-call history (campaign_id, phone, status, ...) is stored; other events are kept as orphans. */
    public ReportResult store(Exchange exchange) throws IOException {
        String raw = exchange.getMessage().getBody(String.class);
        JsonNode body = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
        Map<String, String> report = new LinkedHashMap<>();
        body.properties().forEach(e -> report.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        String phone = report.get(Vbot.HOOK_PHONE);
        try {
            phone = phone == null ? null : PhoneNumbers.normalize("phone", phone);
        } catch (InvalidRecordException e) {
            // not a phone we could have called: the report is kept as an orphan
        }
        return ledger.recordVbotReport(report, raw, phone);
    }
}
