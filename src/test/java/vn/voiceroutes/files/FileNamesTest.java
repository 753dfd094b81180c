package vn.voiceroutes.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void aNameThatFitsIsKeptAsItIs() {
        assertThat(FileNames.fit("20261123-101500-", "calls.csv", "")).isEqualTo("20261123-101500-calls.csv");
        assertThat(FileNames.fit("", "calls.csv", ".errors.csv")).isEqualTo("calls.csv.errors.csv");
    }

    @Test
    void aNameTooLongKeepsItsBeginningAndAHashWithin255Bytes() {
        String name = "x".repeat(240) + ".csv";
        String fitted = FileNames.fit("20261123-101500-", name, ".report.csv");
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(fitted).startsWith("20261123-101500-xxxxxxxx").endsWith(".report.csv").matches(".*~[0-9a-f]{8}\\.report\\.csv");
        assertThat(FileNames.fit("20261123-101500-", "y".repeat(240) + ".csv", ".report.csv")).isNotEqualTo(fitted);
    }

    @Test
    void vietnameseLettersAreCountedInBytesAndNeverCutInHalf() {
        String name = "ề".repeat(84) + ".csv"; // 256 bytes
        String fitted = FileNames.fit("", name, ".errors.csv");
        byte[] bytes = fitted.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(255);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(fitted).startsWith("ềềề");
    }
}
