package vn.voiceroutes.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.voiceroutes.model.InvalidRecordException;

/** The templates engineers edit, rendered with one record's variables, as a rule alone: no application started. */
class VoiceTemplatesTest {

    @TempDir
    Path folder;

    private VoiceTemplates withTemplate(String templateId, String text) throws Exception {
        Files.createDirectories(folder.resolve("esms-template"));
        Files.writeString(folder.resolve("esms-template/" + templateId + ".ftl"), text, StandardCharsets.UTF_8);
        return new VoiceTemplates(folder.toString());
    }

    private static Map<String, String> variables(String... pairs) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return variables;
    }

    @Test
    void aTemplatesNonEmptyLinesAreTheCallsVariablesInOrder() throws Exception {
        VoiceTemplates templates = withTemplate("T1", "${name}\n\n  ${amount} đồng  \n<#if note??>${note}</#if>\n");
        assertThat(templates.variableValues("T1", variables("amount", "250000", "name", "Nguyễn Văn An")))
                .containsExactly("Nguyễn Văn An", "250000 đồng");
        assertThat(templates.variableValues("T1", variables("amount", "1", "name", "An", "note", "hạn chót thứ Sáu")))
                .containsExactly("An", "1 đồng", "hạn chót thứ Sáu");
    }

    @Test
    void withNoTemplateTheRecordsOwnVariablesGoInTheirOrder() throws Exception {
        assertThat(new VoiceTemplates(folder.toString()).variableValues("T9", variables("b", "2", "a", "1")))
                .containsExactly("2", "1");
    }

    @Test
    void aVariableTheTemplateNeedsAndTheRecordLacksOrLeavesBlankIsAnErrorNamingIt() throws Exception {
        VoiceTemplates templates = withTemplate("T2", "${name}\n${amount}\n");
        for (Map<String, String> lacking : java.util.List.of(variables("name", "An"), variables("name", "An", "amount", " "))) {
            assertThatThrownBy(() -> templates.variableValues("T2", lacking)).isInstanceOfSatisfying(InvalidRecordException.class,
                    e -> assertThat(e.getMessage()).contains("amount").contains("needs this variable"));
        }
    }

    @Test
    void aTemplateIdNeverReachesAnotherFolder() throws Exception {
        VoiceTemplates templates = withTemplate("T3", "${name}\n");
        for (String id : java.util.List.of("../esms-otp/otp", "..", "a/b", ".hidden", "")) {
            assertThatThrownBy(() -> templates.variableValues(id, variables("name", "An"))).as(id)
                    .hasMessageStartingWith("Not a template id");
        }
    }
}
