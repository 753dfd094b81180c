package vn.voiceroutes.esms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EsmsQueryTest {

    @Test
    void percentEncodesSpacesPlusSignsAndNestedQueries() {
        String query = new EsmsQuery()
                .add("Phone", "+84912345678")
                .add("VariableListStr", "Nguyễn Văn An||10:00")
                .add("CallbackUrl", "https://example.vn/cb?a=1&b=x y")
                .add("Empty", "")
                .add("Missing", null)
                .encode();
        assertThat(query).isEqualTo("Phone=%2B84912345678"
                + "&VariableListStr=Nguy%E1%BB%85n%20V%C4%83n%20An%7C%7C10%3A00"
                + "&CallbackUrl=https%3A%2F%2Fexample.vn%2Fcb%3Fa%3D1%26b%3Dx%20y");
    }
}
