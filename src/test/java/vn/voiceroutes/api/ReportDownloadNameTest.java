package vn.voiceroutes.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A report is named after the file that was dropped, whose name the dropper chose: it went into Content-Disposition
 * as it was, so a quote, a semicolon or a line break in it could end the header or add another.
 */
class ReportDownloadNameTest {

    @Test
    void theNameIsPlainInFilenameAndPercentEncodedInFilenameStar() {
        String header = ConsoleQueries.attachment("20261207-list\"; filename=evil.exe\r\nSet-Cookie: x=1 Khách.report.csv");
        assertThat(header).doesNotContain("\r", "\n", "\"; filename=evil");
        assertThat(header).startsWith("attachment; filename=\"20261207-list___filename_evil.exe__Set-Cookie__x_1_Kh_ch.report.csv\"; filename*=UTF-8''");
        assertThat(header).contains("Kh%C3%A1ch.report.csv").contains("%22%3B%20filename%3Devil.exe%0D%0ASet-Cookie");
    }
}
