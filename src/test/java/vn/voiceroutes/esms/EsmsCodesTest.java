package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vn.voiceroutes.esms.EsmsCodes.Kind;

/** What the product does with each eSMS code, as a rule alone, against eSMS's own table of codes. */
class EsmsCodesTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "100, ACCEPTED", "124, ALREADY_ACCEPTED", "99, RECORD_REJECTED", "104, RECORD_REJECTED",
            "106, RECORD_REJECTED", "108, RECORD_REJECTED", "118, RECORD_REJECTED", "101, ACCOUNT_FAULT",
            "102, ACCOUNT_FAULT", "103, ACCOUNT_FAULT", "140, ACCOUNT_FAULT", "143, ACCOUNT_FAULT", "160, TRANSIENT",
            "105, TRY_LATER" })
    void eachDocumentedCodeMeansWhatItsTableSays(String code, Kind kind) throws Exception {
        assertThat(EsmsCodes.of(code).kind()).isEqualTo(kind);
        assertThat(EsmsCodes.of(code).meaning()).isNotBlank().doesNotStartWith("undocumented");
        // eSMS's table of codes (esms-docs/bang-ma-loi.md) lists it
        String table = Files.readString(Path.of("../shared/providers/esms-docs/bang-ma-loi.md"), StandardCharsets.UTF_8);
        Matcher listed = Pattern.compile("<td>" + code + "</td>").matcher(table);
        assertThat(listed.find()).as("code %s in bang-ma-loi.md", code).isTrue();
    }

    @ParameterizedTest
    @CsvSource({ "107", "146", "999", "''", "abc" })
    void aCodeTheDocumentsDoNotListForVoiceRejectsTheRecordAndIsNeverRetried(String code) {
        assertThat(EsmsCodes.of(code).kind()).isEqualTo(Kind.RECORD_REJECTED);
        assertThat(EsmsCodes.of(code).meaning()).isEqualTo("undocumented code " + code);
    }
}
