package vn.voiceroutes.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.voiceroutes.model.InvalidRecordException;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "0912345678, 0912345678",
            "+84912345678, 0912345678",
            "84912345678, 0912345678",
            "+84 91 234 5678, 0912345678",
            "091.234.5678, 0912345678",
            "0387654321, 0387654321",
            "0563456789, 0563456789",
            "0701234567, 0701234567",
            "0812345678, 0812345678",
            "028 3822 1234, 02838221234",
            "+842838221234, 02838221234",
            "842438221234, 02438221234"})
    void normalisesEveryWrittenFormToTheNationalForm(String written, String expected) {
        assertThat(PhoneNumbers.normalize("phone", written)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123", "0412345678", "0612345678", "01234567890", "+6591234567", "09123456789", "abc", "09x2345678"})
    void rejectsWhatIsNotAVietnameseMobileOrLandline(String written) {
        assertThatThrownBy(() -> PhoneNumbers.normalize("phone", written))
                .isInstanceOf(InvalidRecordException.class)
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("phone"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyPhoneNamesTheField(String written) {
        assertThatThrownBy(() -> PhoneNumbers.normalize("numberForward", written)).hasMessage("numberForward: is empty");
    }
}
