package vn.voiceroutes.vbot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.voiceroutes.model.CallStatus;

class VbotRulesTest {

    @ParameterizedTest
    @CsvSource({"400, true", "413, true", "414, true", "422, true", "401, false", "403, false", "404, false", "405, false",
            "408, false", "429, false", "500, false", "200, false"})
    void onlyAStatusThatRefusesTheRequestItselfRejectsItsCalls(int status, boolean refused) {
        assertThat(Vbot.refusesThisRequest(status)).isEqualTo(refused);
    }

    @Test
    void notMoneyAndNotFoundPriceSpeakOfTheAccount() {
        assertThat(VbotAutoCall.accountFault("NOT_MONEY")).get().extracting(java.util.Map.Entry::getKey).isEqualTo("NOT_MONEY");
        assertThat(VbotAutoCall.accountFault(" not_found_price ")).isPresent();
        assertThat(VbotAutoCall.accountFault("NOT_FOUND_TELCO")).isEmpty();
        assertThat(VbotAutoCall.accountFault("ANSWER")).isEmpty();
        assertThat(VbotAutoCall.accountFault(null)).isEmpty();
        assertThat(Vbot.dispositionStatus("NOT_MONEY")).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void theV3CdrListSpellsAnsweredBothWays() {
        assertThat(Vbot.dispositionStatus("ANSWER")).isEqualTo(CallStatus.ANSWERED);
        assertThat(Vbot.dispositionStatus("ANSWERED")).isEqualTo(CallStatus.ANSWERED);
    }
}
