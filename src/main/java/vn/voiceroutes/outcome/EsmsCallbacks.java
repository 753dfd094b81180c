package vn.voiceroutes.outcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import vn.voiceroutes.esms.CallbackUrls;
import vn.voiceroutes.http.BadRequestException;
import vn.voiceroutes.http.HttpChecks;
import vn.voiceroutes.esms.EsmsVoice;
import vn.voiceroutes.esms.EsmsReports;
import vn.voiceroutes.ledger.CallPolls;
import vn.voiceroutes.ledger.ProviderReports.ReportResult;

/** Reads eSMS's GET callbacks off the HTTP request and stores them in the ledger before the 200 is answered. */
public class EsmsCallbacks {

    private final EsmsReports reports;
    private final CallPolls polls;

    public EsmsCallbacks(EsmsReports reports, CallPolls polls) {
        this.reports = reports;
        this.polls = polls;
    }

    /**
     * Stores a callback of either documented form: the voice form (ReferenceId, CallStatus, ...) or the message form
     * voice OTP uses (SMSID, SendSuccess, SendFailed, ...), told apart by which reference it carries.
     */
    public ReportResult storeCallback(Exchange exchange) {
        Message message = exchange.getMessage();
        String raw = HttpChecks.text("the query", message.getHeader(Exchange.HTTP_QUERY, "", String.class), 8_000);
        ReportResult result;
        if (message.getHeader(EsmsVoice.REFERENCE_ID) == null && message.getHeader(EsmsVoice.SMS_ID) != null) {
            Map<String, String> report = read(message, EsmsVoice.MESSAGE_CALLBACK_PARAMS);
            checkMessageReport(report);
            result = reports.recordEsmsMessageReport(report, raw, "esms-message-callback");
        } else {
            Map<String, String> report = read(message, EsmsVoice.VOICE_CALLBACK_PARAMS);
            checkVoiceReport(report);
            result = reports.recordEsmsVoiceReport(report, raw, "esms-voice-callback");
        }
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
                if (values.stream().map(String::valueOf).distinct().count() > 1) {
                    throw new BadRequestException(name + " is given more than once, with different values");
                }
                value = values.isEmpty() ? null : values.get(0);
            }
            if (value != null) {
                report.put(name, HttpChecks.text(name, value.toString(), maxLength(name)));
            }
        }
        return report;
    }

    /** The ledger's columns: our RequestId 50, a provider's reference 100, the key pressed 16. */
    private static int maxLength(String name) {
        return switch (name) {
            case CallbackUrls.REQUEST_ID_PARAM, EsmsVoice.REQUEST_ID -> EsmsVoice.REQUEST_ID_MAX;
            case EsmsVoice.IVR -> 16;
            case EsmsVoice.REFERENCE_ID, EsmsVoice.SMS_ID -> 100;
            default -> 200;
        };
    }

    /**
     * A voice report names its outcome (CallStatus, SentResult or SendStatus) and its figures are figures. One that
     * carries only our rid says nothing: it must not finish the call the real report is still to finish.
     */
    private static void checkVoiceReport(Map<String, String> report) {
        if (blank(report.get(EsmsVoice.CALL_STATUS)) && blank(report.get(EsmsVoice.SENT_RESULT)) && blank(report.get(EsmsVoice.SEND_STATUS))) {
            throw new BadRequestException("the callback carries no outcome (CallStatus, SentResult or SendStatus)");
        }
        HttpChecks.seconds(EsmsVoice.CALL_DURATION, report.get(EsmsVoice.CALL_DURATION));
        HttpChecks.amount(EsmsVoice.PRICE, report.get(EsmsVoice.PRICE));
        HttpChecks.amount(EsmsVoice.SENT_RESULT, report.get(EsmsVoice.SENT_RESULT));
        HttpChecks.amount(EsmsVoice.SEND_STATUS, report.get(EsmsVoice.SEND_STATUS));
    }

    /** The message-style report (voice OTP) names its outcome: SendStatus, SendSuccess or SendFailed. */
    private static void checkMessageReport(Map<String, String> report) {
        if (blank(report.get(EsmsVoice.SEND_STATUS)) && blank(report.get(EsmsVoice.SEND_SUCCESS)) && blank(report.get(EsmsVoice.SEND_FAILED))) {
            throw new BadRequestException("the callback carries no outcome (SendStatus, SendSuccess or SendFailed)");
        }
        for (String count : List.of(EsmsVoice.SEND_STATUS, EsmsVoice.SEND_SUCCESS, EsmsVoice.SEND_FAILED, EsmsVoice.TOTAL_PRICE,
                "TotalReceiver", "TotalSent")) {
            HttpChecks.amount(count, report.get(count));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Stores the answer of a status poll like a callback; a call still without outcome is polled again later. */
    public ReportResult storeStatusAnswer(Exchange exchange) {
        CallPolls.PollTarget target = exchange.getProperty(vn.voiceroutes.model.VoiceProperties.POLL_TARGET, CallPolls.PollTarget.class);
        @SuppressWarnings("unchecked")
        Map<String, String> report = exchange.getMessage().getBody(Map.class);
        String raw = exchange.getProperty(vn.voiceroutes.esms.EsmsStatusApi.STATUS_ANSWER, "", String.class);
        ReportResult result;
        if (report == null || report.isEmpty()) {
            result = ReportResult.PROGRESS;
        } else if (vn.voiceroutes.esms.EsmsVoice.throughRestApi(target.channel())) { // the rest API's status answer
            result = reports.recordEsmsMessageReport(report, raw, "esms-message-status");
        } else {
            result = reports.recordEsmsVoiceReport(report, raw, "esms-voice-status");
        }
        if (result != ReportResult.FINAL && result != ReportResult.IGNORED_LATE) {
            polls.pollLater(target.requestId(), target.attempts());
        }
        return result;
    }

    /** A poll that failed (transport fault): try again after the backoff. */
    public void pollFailed(Exchange exchange) {
        CallPolls.PollTarget target = exchange.getProperty(vn.voiceroutes.model.VoiceProperties.POLL_TARGET, CallPolls.PollTarget.class);
        if (target == null) {
            target = exchange.getMessage().getBody(CallPolls.PollTarget.class);
        }
        if (target != null) {
            polls.pollLater(target.requestId(), target.attempts());
        }
    }

}
