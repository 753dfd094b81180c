package vn.voiceroutes.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.model.CallRequest;
import vn.voiceroutes.model.InvalidRecordException;

class CallRequestsTest {

    private static CallRequest request(Map<String, String> values) {
        CallRequest request = CallRequests.fromRow(Channels.ESMS_TEMPLATE, new InputRow(2, 1, values, "", null));
        request.setPhone("0912345678");
        return request;
    }

    @Test
    void theSameCallHasTheSameKeyWhateverTheOrderOfItsParameters() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("voice", "female");
        a.put("speed", "1");
        a.put("name", "An");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("Speed", "1");
        b.put("name", "An");
        b.put("VOICE", "female");
        assertThat(CallRequests.contentKey(request(a))).isEqualTo(CallRequests.contentKey(request(b)));
    }

    @Test
    void anotherValueOrTheOrderOfTheVariablesIsAnotherCall() {
        Map<String, String> a = new LinkedHashMap<>(Map.of("name", "An"));
        a.put("amount", "1");
        Map<String, String> other = new LinkedHashMap<>(Map.of("name", "An"));
        other.put("amount", "2");
        Map<String, String> swapped = new LinkedHashMap<>(Map.of("amount", "1"));
        swapped.put("name", "An");
        String key = CallRequests.contentKey(request(a));
        assertThat(CallRequests.contentKey(request(other))).isNotEqualTo(key);
        assertThat(CallRequests.contentKey(request(swapped))).isNotEqualTo(key);
    }

    @Test
    void aFileRowIsNamedByItsContentAndTheDayItIsReadFor() {
        String monday = CallRequests.fileRowRequestId("2026-11-23", "k");
        assertThat(monday).isEqualTo(CallRequests.fileRowRequestId("2026-11-23", "k")).hasSize(32).startsWith("vr");
        assertThat(CallRequests.fileRowRequestId("2026-11-24", "k")).isNotEqualTo(monday);
        assertThat(CallRequests.fileRowRequestId("2026-11-23", "other")).isNotEqualTo(monday);
    }

    @Test
    void controlCharactersAndReplacementCharactersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> request(Map.of("name", "An\nBinh"))).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("name: holds a control character (a line break, U+000A) at position 3");
        assertThatThrownBy(() -> request(Map.of("name", "Nguy\uFFFDn"))).hasMessageContaining("U+FFFD");
        assertThatThrownBy(() -> request(Map.of("name", "x".repeat(1001)))).hasMessageContaining("1001 characters");
    }
}
