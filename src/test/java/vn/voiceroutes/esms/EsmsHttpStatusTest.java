package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EsmsHttpStatusTest {

    @ParameterizedTest
    @CsvSource({
            "200, ANSWERED",
            "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT", "408, TRANSIENT", "429, TRANSIENT", "-1, TRANSIENT",
            "401, ENDPOINT", "403, ENDPOINT", "404, ENDPOINT", "405, ENDPOINT",
            "400, REQUEST_REFUSED", "411, REQUEST_REFUSED", "413, REQUEST_REFUSED", "414, REQUEST_REFUSED", "431, REQUEST_REFUSED"})
    void onlyWhatRefusesThisRequestFailsTheCallAndNothingPausesTheProvider(int status, EsmsHttpStatus meaning) {
        assertThat(EsmsHttpStatus.of(status)).isEqualTo(meaning);
    }
}
