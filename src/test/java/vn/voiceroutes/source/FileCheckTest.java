package vn.voiceroutes.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pass over a dropped file, as a rule alone: what refuses the file whole, and where it says it goes wrong. */
class FileCheckTest {

    @TempDir
    Path dir;

    private FileCheck.Checked check(String name, String content) throws Exception {
        return FileCheck.check(Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8),
                InboxFormat.of(name).orElseThrow(), "esms-record");
    }

    private void refused(String name, String content, long line, String reason) {
        assertThatThrownBy(() -> check(name, content)).isInstanceOfSatisfying(InvalidFileException.class, e -> {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.reason()).as(e.getMessage()).contains(reason);
            assertThat(e.getMessage()).startsWith(name);
        });
    }

    @Test
    void aCallListPassesWithItsHeaderLinesAndAFingerprintOfItsContent() throws Exception {
        FileCheck.Checked checked = check("list.csv", " phone , requestId\n0912345678,a\n\n0983456789,b\n");
        assertThat(checked.header()).containsExactly("phone", "requestId");
        assertThat(checked.contentHash()).hasSize(64);
        // the same content under another name is the same file: its fingerprint says so
        assertThat(check("again.csv", " phone , requestId\n0912345678,a\n\n0983456789,b\n").contentHash())
                .isEqualTo(checked.contentHash());
        assertThat(check("other.csv", "phone,requestId\n0912345678,a\n").contentHash()).isNotEqualTo(checked.contentHash());
    }

    @Test
    void aFileThatIsNotACallListIsRefusedWholeNamingTheLine() {
        refused("empty.csv", "", 1, "is empty");
        refused("nophone.csv", "name,amount\nAn,1\n", 1, "has no phone column (2 columns)");
        refused("twice.csv", "phone,Phone\n0912345678,0912345679\n", 1, "names 'Phone' twice (columns 1 and 2)");
        refused("quote.csv", "phone,name\n0912345678,An\n0912345679,\"Binh\n0912345670,Chi\n", 3, "a quote (\") opened on line 3 is never closed");
        refused("broken.json", "[{\"phone\":\"0912345678\"},", 1, "");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedOnTheirLine() throws Exception {
        Path latin1 = dir.resolve("latin1.csv");
        // saved as Latin-1 by a spreadsheet: the â of line 3 is one byte that UTF-8 cannot start a character with
        Files.write(latin1, "phone,name\n0912345678,An\n0912345670,Tr\u00E2n\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> FileCheck.check(latin1, InboxFormat.CSV, "esms-record"))
                .isInstanceOfSatisfying(InvalidFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).startsWith("is not UTF-8 text: line 3");
                });
    }
}
