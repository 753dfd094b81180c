package vn.voiceroutes.esms;

import java.util.Map;

import vn.voiceroutes.ledger.ProviderReports;
import vn.voiceroutes.ledger.ProviderReports.ProviderReport;
import vn.voiceroutes.ledger.ProviderReports.ReportResult;

/** Reads eSMS's reports (callbacks and status answers, in the voice and the message form) and stores them in the ledger. */
public class EsmsReports {

    private final ProviderReports reports;

    public EsmsReports(ProviderReports reports) {
        this.reports = reports;
    }

    /**
     * Stores an eSMS voice report: the event first (a resend with the same values is recognised and changes
     * nothing), then the call's status, only forward; a final outcome queues its result in the same transaction.
     */
    public ReportResult recordEsmsVoiceReport(Map<String, String> report, String rawPayload, String kind) {
        return reports.record(new ProviderReport(EsmsVoice.PROVIDER, kind, EsmsVoiceStatus.read(report),
                blankToNull(report.get(CallbackUrls.REQUEST_ID_PARAM)), blankToNull(report.get(EsmsVoice.REFERENCE_ID)), null,
                report, rawPayload, null));
    }

    /** Stores eSMS's message-style report (voice OTP): SMSID is its reference, RequestId (or rid) ours. */
    public ReportResult recordEsmsMessageReport(Map<String, String> report, String rawPayload, String kind) {
        String ourId = blankToNull(report.get(CallbackUrls.REQUEST_ID_PARAM));
        return reports.record(new ProviderReport(EsmsVoice.PROVIDER, kind, EsmsVoiceStatus.readMessage(report),
                ourId != null ? ourId : blankToNull(report.get(EsmsVoice.REQUEST_ID)), blankToNull(report.get(EsmsVoice.SMS_ID)),
                null, report, rawPayload, null));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
