package io.leadpulse.gateway.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A-b_c.9", "0123456789012345678901234567890123456789012345678901234567890123"})
    void keepsSaneIds(String id) {
        assertThat(RequestIds.acceptOrGenerate(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "01234567890123456789012345678901234567890123456789012345678901234",
                "has space",
                "new\nline",
                "<script>",
                "ünïcode",
                "a/b"
            })
    void replacesInsaneIds(String id) {
        assertThat(RequestIds.acceptOrGenerate(id)).isNotEqualTo(id).matches("[0-9a-f-]{36}");
    }

    @Test
    void generatesADifferentIdEachTime() {
        assertThat(RequestIds.acceptOrGenerate(null)).isNotEqualTo(RequestIds.acceptOrGenerate(null));
    }
}
