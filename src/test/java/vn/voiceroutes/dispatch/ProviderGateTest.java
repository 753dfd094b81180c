package vn.voiceroutes.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.voiceroutes.model.UnknownProviderException;

/** A provider named by a route, by its key or its name; a typo is refused, never read as a provider that is open. */
class ProviderGateTest {

    private static ProviderGate gate() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("eSMS", "esms");
        keys.put("VBot", "vbot");
        return new ProviderGate(keys, null, "node-a");
    }

    @Test
    void aProviderIsNamedByItsKeyOrItsName() {
        assertThat(gate().named("esms")).isEqualTo("eSMS");
        assertThat(gate().named("eSMS")).isEqualTo("eSMS");
        assertThat(gate().isOpen("vbot")).isTrue();
    }

    @Test
    void aTypoIsRefusedNamingTheProvidersThereAre() {
        for (String typo : new String[] {"esm", "ESMS ", "", "VBOT2"}) {
            assertThatThrownBy(() -> gate().isOpen(typo)).as(typo).isInstanceOf(UnknownProviderException.class)
                    .hasMessage("Unknown provider '" + typo + "': the providers are esms, vbot");
        }
    }
}
