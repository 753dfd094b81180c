package vn.voiceroutes.esms;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import vn.voiceroutes.model.CallStatus;

/**
 * Maps eSMS's voice report (callback or GetSendStatus answer) to our lifecycle: the one place that reads
 * CallStatus, SendStatus and SentResult.
 */
public final class EsmsVoiceStatus {

    /** An outcome read from a report; status SUBMITTED means "not final yet". */
    public record Outcome(CallStatus status, Integer durationSeconds, BigDecimal price, String ivr, String reason) {
    }

    private EsmsVoiceStatus() {
    }

    public static Outcome read(Map<String, String> report) {
        String sendStatus = trim(report.get(EsmsVoice.SEND_STATUS));
        String callStatus = trim(report.get(EsmsVoice.CALL_STATUS)).toUpperCase(Locale.ROOT).replaceAll("[\\s_]", "");
        Integer duration = integer(report.get(EsmsVoice.CALL_DURATION));
        BigDecimal price = decimal(report.get(EsmsVoice.PRICE));
        String ivr = trim(report.get(EsmsVoice.IVR));
        ivr = ivr.isEmpty() ? null : ivr;

        // SendStatus 2 = waiting to send, 7 = sent and waiting for the carrier's report: not final yet.
        if ("2".equals(sendStatus) || "7".equals(sendStatus)) {
            return new Outcome(CallStatus.SUBMITTED, duration, price, ivr, "SendStatus " + sendStatus);
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
                    return new Outcome(CallStatus.SUBMITTED, duration, price, ivr, "no CallStatus and no SentResult");
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
        return new Outcome(status, duration, price, ivr, reason);
    }

    /**
     * The message-style report voice OTP uses (callback-url.md): SendStatus 1 awaiting approval, 2 waiting, 7 sent
     * awaiting the report (not final); 4 refused; 5 done, with SendSuccess / SendFailed counting the outcome. A
     * delivered voice OTP counts as ANSWERED: eSMS reports delivery, not whether the callee listened.
     */
    public static Outcome readMessage(Map<String, String> report) {
        String sendStatus = trim(report.get(EsmsVoice.SEND_STATUS));
        BigDecimal price = decimal(report.get(EsmsVoice.TOTAL_PRICE));
        switch (sendStatus) {
            case "1", "2", "7" -> {
                return new Outcome(CallStatus.SUBMITTED, null, price, null, "SendStatus " + sendStatus);
            }
            case "4" -> {
                return new Outcome(CallStatus.FAILED, null, price, null, "refused by eSMS (SendStatus 4)");
            }
            default -> {
                Integer success = integer(report.get(EsmsVoice.SEND_SUCCESS));
                Integer failed = integer(report.get(EsmsVoice.SEND_FAILED));
                if (success != null && success > 0) {
                    return new Outcome(CallStatus.ANSWERED, null, price, null, null);
                }
                if (success == null && failed == null) {
                    // how many were delivered is not said: nothing final is said
                    return new Outcome(CallStatus.SUBMITTED, null, price, null, "no SendSuccess and no SendFailed");
                }
                return new Outcome(CallStatus.FAILED, null, price, null,
                        "not delivered (SendStatus " + sendStatus + ", SendFailed " + failed + ")");
            }
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static Integer integer(String value) {
        try {
            return value == null || value.isBlank() ? null : plausibleSeconds(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String value) {
        try {
            return value == null || value.isBlank() ? null : plausiblePrice(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A count or duration from 0 to a day, else none: a negative or absurd figure is never stored (the raw report is). */
    public static Integer plausibleSeconds(double value) {
        return value >= 0 && value <= vn.voiceroutes.http.HttpChecks.MAX_CALL_SECONDS ? (int) value : null;
    }

    /** A price from 0 below 10^12 (the ledger's numeric(16, 4)), else none. */
    public static BigDecimal plausiblePrice(BigDecimal value) {
        return value.signum() >= 0 && value.compareTo(new BigDecimal("1000000000000")) < 0 ? value : null;
    }
}
