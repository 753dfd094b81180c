package vn.voiceroutes.esms;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import vn.voiceroutes.model.CallOutcome;
import vn.voiceroutes.model.CallStatus;

/**
 * Maps eSMS's voice report (callback or GetSendStatus answer) to our lifecycle: the one place that reads
 * CallStatus, SendStatus and SentResult.
 */
public final class EsmsVoiceStatus {

    private EsmsVoiceStatus() {
    }

    public static CallOutcome read(Map<String, String> report) {
        String sendStatus = trim(report.get(EsmsVoice.SEND_STATUS));
        String callStatus = trim(report.get(EsmsVoice.CALL_STATUS)).toUpperCase(Locale.ROOT).replaceAll("[\\s_]", "");
        Integer duration = integer(report.get(EsmsVoice.CALL_DURATION));
        BigDecimal price = decimal(report.get(EsmsVoice.PRICE));
        String ivr = trim(report.get(EsmsVoice.IVR));
        ivr = ivr.isEmpty() ? null : ivr;

        // SendStatus 2 = waiting to send, 7 = sent and waiting for the carrier's report: not final yet.
        if ("2".equals(sendStatus) || "7".equals(sendStatus)) {
            return new CallOutcome(CallStatus.SUBMITTED, duration, price, ivr, "SendStatus " + sendStatus);
        }
        CallStatus status;
        String reason = null;
        switch (callStatus) {
            case "ANSWERED", "ANSWER" -> status = CallStatus.ANSWERED;
            // The record-call page says "NO ANSWER", the status page "NOANSWERED": both mean nobody picked up.
            case "NOANSWER", "NOANSWERED" -> status = CallStatus.NO_ANSWER;
            case "BUSY" -> status = CallStatus.BUSY;
            case "CANCEL", "CANCELLED", "CANCELED" -> status = CallStatus.CANCELLED;
            case "" -> {
                if (trim(report.get(EsmsVoice.SENT_RESULT)).isEmpty()) {
                    // Neither a call status nor the carrier's result: nothing final is said, the call is not decided here.
                    return new CallOutcome(CallStatus.SUBMITTED, duration, price, ivr, "no CallStatus and no SentResult");
                }
                // The documented sample callback has an empty CallStatus with SentResult 0: the carrier failed it.
                boolean carrierOk = "1".equals(trim(report.get(EsmsVoice.SENT_RESULT)));
                status = carrierOk ? (duration != null && duration > 0 ? CallStatus.ANSWERED : CallStatus.NO_ANSWER)
                        : CallStatus.FAILED;
                reason = carrierOk ? null : "carrier reported failure (SentResult 0)";
            }
            default -> {
                status = CallStatus.FAILED;
                reason = "CallStatus " + callStatus;
            }
        }
        return new CallOutcome(status, duration, price, ivr, reason);
    }

    /**
     * The message-style report voice OTP uses (callback-url.md): SendStatus 1 awaiting approval, 2 waiting, 7 sent
     * awaiting the report (not final); 4 refused; 5 done, with SendSuccess / SendFailed counting the outcome. A
     * delivered voice OTP counts as ANSWERED: eSMS reports delivery, not whether the callee listened.
     */
    public static CallOutcome readMessage(Map<String, String> report) {
        String sendStatus = trim(report.get(EsmsVoice.SEND_STATUS));
        BigDecimal price = decimal(report.get(EsmsVoice.TOTAL_PRICE));
        switch (sendStatus) {
            case "1", "2", "7" -> {
                return new CallOutcome(CallStatus.SUBMITTED, null, price, null, "SendStatus " + sendStatus);
            }
            case "4" -> {
                return new CallOutcome(CallStatus.FAILED, null, price, null, "refused by eSMS (SendStatus 4)");
            }
            default -> {
                Integer success = integer(report.get(EsmsVoice.SEND_SUCCESS));
                Integer failed = integer(report.get(EsmsVoice.SEND_FAILED));
                if (success != null && success > 0) {
                    return new CallOutcome(CallStatus.ANSWERED, null, price, null, null);
                }
                if (success == null && failed == null) {
                    // how many were delivered is not said: nothing final is said
                    return new CallOutcome(CallStatus.SUBMITTED, null, price, null, "no SendSuccess and no SendFailed");
                }
                return new CallOutcome(CallStatus.FAILED, null, price, null,
                        "not delivered (SendStatus " + sendStatus + ", SendFailed " + failed + ")");
            }
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static Integer integer(String value) {
        try {
            return value == null || value.isBlank() ? null : CallOutcome.plausibleSeconds(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String value) {
        try {
            return value == null || value.isBlank() ? null : CallOutcome.plausiblePrice(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
