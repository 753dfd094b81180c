package vn.voiceroutes.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpreadsheetCsvTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=HYPERLINK(\"http://x\")|'=HYPERLINK(\"http://x\")",
            "+84 abc|'+84 abc",
            "-2+3|'-2+3",
            "@SUM(A1)|'@SUM(A1)",
            "Nguyễn Văn An|Nguyễn Văn An",
            "-3|-3",
            "+84912345678|+84912345678",
            "750.5|750.5",
            "0912345678|0912345678"})
    void aCellThatCouldRunAsAFormulaIsWrittenAsText(String value, String written) {
        assertThat(SpreadsheetCsv.cell(value)).isEqualTo(written);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"=1+2|'=1+2", "ok|ok"})
    void everyCellOfARecordIsSafe(String value, String written) throws Exception {
        StringWriter out = new StringWriter();
        try (SpreadsheetCsv csv = new SpreadsheetCsv(out, "a", "b")) {
            csv.printRecord(value, value);
        }
        assertThat(out.toString()).isEqualTo("a,b\r\n" + written + "," + written + "\r\n");
    }
}
