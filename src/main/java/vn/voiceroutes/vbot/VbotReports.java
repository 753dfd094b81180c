package vn.voiceroutes.vbot;

import java.math.BigDecimal;
import java.util.Map;

import vn.voiceroutes.ledger.ProviderReports;
import vn.voiceroutes.ledger.ProviderReports.ProviderReport;
import vn.voiceroutes.ledger.ProviderReports.ReportResult;
import vn.voiceroutes.model.CallOutcome;
import vn.voiceroutes.model.CallStatus;

/** Reads VBot's reports (its webhooks and call-history entries) into outcomes, and stores them in the ledger. */
public class VbotReports {

    private final ProviderReports reports;

    public VbotReports(ProviderReports reports) {
        this.reports = reports;
    }

    /**
     * Stores VBot's auto-call-history webhook for one phone of a campaign (the seed's form: campaign_id, phone,
     * status, time_call, postage). A report without a status says nothing about the outcome: kept, no change.
     */
    public ReportResult recordVbotReport(Map<String, String> report, String rawPayload, String phone) {
        String status = blankToNull(report.get(Vbot.HOOK_STATUS));
        CallOutcome outcome = status == null ? CallOutcome.NONE
                : new CallOutcome(Vbot.autoCallStatus(status), CallOutcome.seconds(report.get(Vbot.HOOK_TIME_CALL)),
                        CallOutcome.price(report.get(Vbot.HOOK_POSTAGE)), null, Vbot.autoCallFailure(status));
        return record("vbot-auto-call-history", outcome, null, blankToNull(report.get(Vbot.HOOK_CAMPAIGN_ID)), phone,
                report, rawPayload);
    }

    /**
     * Stores VBot's current auto-call webhooks (AUTO_CALL_LOG, or the log inside AUTO_CALL_COMPLETE): the call is found
     * by its external_call_id, its outcome read from the disposition. AUTO_CALL_RECORDING and AUTO_CALL_AI_EXTRACTION
     * name the call but carry no outcome: kept as events, no change.
     */
    public ReportResult recordVbotAutoCallLog(Map<String, String> report, String rawPayload, String phone, String kind) {
        String disposition = blankToNull(report.get(VbotAutoCall.LOG_DISPOSITION));
        CallOutcome outcome = disposition == null ? CallOutcome.NONE : dispositionOutcome(disposition,
                CallOutcome.seconds(report.get(VbotAutoCall.LOG_BILLSEC)), CallOutcome.price(report.get(VbotAutoCall.LOG_POSTAGE)));
        String keys = blankToNull(report.get(VbotAutoCall.LOG_INPUT_LOG));
        if (keys != null && !outcome.isNone()) {
            outcome = new CallOutcome(outcome.status(), outcome.durationSeconds(), outcome.price(), keys, outcome.reason());
        }
        String externalId = blankToNull(report.get(VbotAutoCall.LOG_EXTERNAL_CALL_ID));
        // v3's CAMPAIGN_CALL has this shape (webhooks.md: "Payload giống AUTO_CALL_LOG") for a call of a campaign,
        // which names no externalCallId when the campaign transport placed it: the newest vbot-campaign call to that
        // phone still waiting for its outcome, as for HISTORY_CALL
        String ourId = externalId != null || phone == null ? null : reports.newestSubmittedCall(phone, Vbot.CAMPAIGN_CHANNEL);
        return record(kind, outcome, ourId, externalId, phone, report, rawPayload);
    }

    /**
     * Stores VBot's call-history webhook (HISTORY_CALL). Since 2026-02-13 it names the call's external_call_id; before
     * that it named no call, so it belongs to the newest vbot-campaign call to that phone still waiting for its
     * outcome (else it is kept as an orphan).
     */
    public ReportResult recordVbotCallHistory(Map<String, String> report, String rawPayload, String phone) {
        String externalId = blankToNull(report.get(VbotAutoCall.HISTORY_EXTERNAL_CALL_ID));
        String ourId = externalId != null || phone == null ? null : reports.newestSubmittedCall(phone, Vbot.CAMPAIGN_CHANNEL);
        return recordPolledVbotHistory(ourId, externalId, report, rawPayload, "vbot-call-history");
    }

    /** Stores one entry of VBot's call history (webhook or the call-history list) for a call, by our id or VBot's reference. */
    public ReportResult recordPolledVbotHistory(String ourId, String referenceId, Map<String, String> report, String rawPayload, String kind) {
        CallOutcome outcome = dispositionOutcome(report.get(Vbot.HISTORY_DISPOSITION), CallOutcome.seconds(report.get(Vbot.HOOK_TIME_CALL)),
                CallOutcome.price(report.get(Vbot.HOOK_POSTAGE)));
        return record(kind, outcome, ourId, referenceId, null, report, rawPayload);
    }

    private ReportResult record(String kind, CallOutcome outcome, String ourId, String referenceId, String phone,
            Map<String, String> report, String rawPayload) {
        return reports.record(new ProviderReport(Vbot.PROVIDER, kind, outcome, ourId, referenceId, phone, report, rawPayload,
                Vbot.CAMPAIGN_CHANNEL));
    }

    private static CallOutcome dispositionOutcome(String disposition, Integer seconds, BigDecimal price) {
        CallStatus next = Vbot.dispositionStatus(disposition);
        return new CallOutcome(next, seconds, price, null, next == CallStatus.FAILED ? "VBot disposition " + disposition : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
