package vn.voiceroutes.outcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.ledger.CallLedger;
import vn.voiceroutes.ledger.CallLedger.ReportResult;

/** Reads eSMS's GET callbacks off the HTTP request and stores them in the ledger before the 200 is answered. */
public class EsmsCallbacks {

    public static final String RESULT = "voiceReportResult";

    private final CallLedger ledger;

    public EsmsCallbacks(CallLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Stores a callback of either documented form: the voice form (ReferenceId, CallStatus, ...) or the message form
     * voice OTP uses (SMSID, SendSuccess, SendFailed, ...), told apart by which reference it carries.
     */
    public ReportResult storeCallback(Exchange exchange) {
        Message message = exchange.getMessage();
        String raw = message.getHeader(Exchange.HTTP_QUERY, "", String.class);
        ReportResult result;
        if (message.getHeader(EsmsVoice.REFERENCE_ID) == null && message.getHeader(EsmsVoice.SMS_ID) != null) {
            result = ledger.recordEsmsMessageReport(read(message, EsmsVoice.MESSAGE_CALLBACK_PARAMS), raw, "esms-message-callback");
        } else {
            result = ledger.recordEsmsVoiceReport(read(message, EsmsVoice.VOICE_CALLBACK_PARAMS), raw, "esms-voice-callback");
        }
        exchange.setProperty(RESULT, result);
        return result;
    }

    private static Map<String, String> read(Message message, List<String> names) {
        Map<String, String> report = new LinkedHashMap<>();
        List<String> fields = new java.util.ArrayList<>(names);
        fields.add(CallbackUrls.REQUEST_ID_PARAM);
        // Camel's headers ignore case, so "referenceid" and "ReferenceId" are one parameter.
        for (String name : fields) {
            Object value = message.getHeader(name);
            if (value instanceof List<?> values) {
                value = values.isEmpty() ? null : values.get(0);
            }
            if (value != null) {
                report.put(name, value.toString());
            }
        }
        return report;
    }

    /** Stores the answer of a status poll like a callback; a call still without outcome is polled again later. */
    public ReportResult storeStatusAnswer(Exchange exchange) {
        CallLedger.PollTarget target = exchange.getProperty(vn.voiceroutes.esms.EsmsVoiceApi.POLL_TARGET, CallLedger.PollTarget.class);
        @SuppressWarnings("unchecked")
        Map<String, String> report = exchange.getMessage().getBody(Map.class);
        String raw = exchange.getProperty(vn.voiceroutes.esms.EsmsVoiceApi.STATUS_ANSWER, "", String.class);
        ReportResult result;
        if (report == null || report.isEmpty()) {
            result = ReportResult.PROGRESS;
        } else if (vn.voiceroutes.source.Channels.ESMS_OTP.equals(target.channel())) {
            result = ledger.recordEsmsMessageReport(report, raw, "esms-message-status");
        } else {
            result = ledger.recordEsmsVoiceReport(report, raw, "esms-voice-status");
        }
        if (result != ReportResult.FINAL && result != ReportResult.IGNORED_LATE) {
            ledger.pollLater(target.requestId(), target.attempts());
        }
        return result;
    }

    /** A poll that failed (transport fault): try again after the backoff. */
    public void pollFailed(Exchange exchange) {
        CallLedger.PollTarget target = exchange.getProperty(vn.voiceroutes.esms.EsmsVoiceApi.POLL_TARGET, CallLedger.PollTarget.class);
        if (target == null) {
            target = exchange.getMessage().getBody(CallLedger.PollTarget.class);
        }
        if (target != null) {
            ledger.pollLater(target.requestId(), target.attempts());
        }
    }

}
