package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.voiceroutes.model.CallStatus;

class EsmsVoiceStatusTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "ANSWERED, 5, 1, 13, ANSWERED",
            // the record-call page's spelling and the status page's spelling
            "NO ANSWER, 5, 1, 0, NO_ANSWER",
            "NOANSWERED, 5, 0, 0, NO_ANSWER",
            "'', 5, 0, 0, FAILED",
            "BUSY, 5, 1, 0, BUSY",
            "'', 2, 0, 0, SUBMITTED",
            "'', 7, 0, 0, SUBMITTED",
            "ANSWERED, null, 1, 20, ANSWERED",
            // a report that says neither how the call went nor what the carrier did decides nothing
            "'', 5, '', 0, SUBMITTED"})
    void mapsEveryDocumentedReport(String callStatus, String sendStatus, String sentResult, String duration, CallStatus expected) {
        Map<String, String> report = new java.util.HashMap<>(Map.of(EsmsVoice.CALL_STATUS, callStatus,
                EsmsVoice.SENT_RESULT, sentResult, EsmsVoice.CALL_DURATION, duration));
        if (sendStatus != null) {
            report.put(EsmsVoice.SEND_STATUS, sendStatus);
        }
        assertThat(EsmsVoiceStatus.read(report).status()).isEqualTo(expected);
    }

    @Test
    void readsTheDocumentedSampleCallback() {
        // esms-docs: ReferenceId=066107ee-...&CallDuration=0&CallStatus=&Ivr=&Price=0.0000&SentResult=0&CID=02871002454&SendStatus=5
        vn.voiceroutes.model.CallOutcome outcome = EsmsVoiceStatus.read(Map.of("ReferenceId", "066107ee-6ec4-4283-b595-aa74977c65c5",
                "CallDuration", "0", "CallStatus", "", "Ivr", "", "Price", "0.0000", "SentResult", "0", "CID", "02871002454",
                "SendStatus", "5"));
        assertThat(outcome.status()).isEqualTo(CallStatus.FAILED);
        assertThat(outcome.price()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(outcome.durationSeconds()).isZero();
        assertThat(outcome.ivr()).isNull();
        assertThat(outcome.reason()).contains("SentResult 0");
    }

    @Test
    void aNegativeOrImpossibleFigureIsNeverTakenFromAReport() {
        vn.voiceroutes.model.CallOutcome outcome = EsmsVoiceStatus.read(Map.of("CallStatus", "ANSWERED", "SentResult", "1",
                "CallDuration", "-5", "Price", "-750"));
        assertThat(outcome.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(outcome.durationSeconds()).isNull();
        assertThat(outcome.price()).isNull();
        assertThat(EsmsVoiceStatus.read(Map.of("CallStatus", "ANSWERED", "SentResult", "1", "CallDuration", "1e12",
                "Price", "1e20")).price()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "5, 1, 0, ANSWERED",
            "5, 0, 1, FAILED",
            "4, 0, 0, FAILED",
            "1, 0, 0, SUBMITTED",
            "2, 0, 0, SUBMITTED",
            "7, 0, 0, SUBMITTED"})
    void mapsTheMessageStyleCallbackOfVoiceOtp(String sendStatus, String success, String failed, CallStatus expected) {
        // esms-docs/callback-url.md: SMSID, SendFailed, SendStatus, SendSuccess, TotalPrice, ...
        assertThat(EsmsVoiceStatus.readMessage(Map.of(EsmsVoice.SEND_STATUS, sendStatus, EsmsVoice.SEND_SUCCESS, success,
                EsmsVoice.SEND_FAILED, failed, EsmsVoice.TOTAL_PRICE, "500.0000")).status()).isEqualTo(expected);
    }
}
