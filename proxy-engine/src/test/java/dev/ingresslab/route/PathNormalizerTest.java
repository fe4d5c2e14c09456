package dev.ingresslab.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                          | /
            /plain/path                | /plain/path
            /a/./b                     | /a/b
            /a/../b                    | /b
            /public/../admin           | /admin
            /public/%2e%2e/admin       | /admin
            /public/%2E%2E/admin       | /admin
            /public/.%2e/admin         | /admin
            //admin                    | /admin
            /a//b///c                  | /a/b/c
            /%61dmin                   | /admin
            /%7euser                   | /~user
            /a%2fb                     | /a%2Fb
            /x/..%2fadmin              | /x/..%2Fadmin
            /a/b/..                    | /a/
            /a/b/.                     | /a/b/
            /a/..                      | /
            /a%20b                     | /a%20b
            /%e2%82%ac                 | /%E2%82%AC
            """)
    void normalises(String raw, String normalised) {
        NormalizedTarget target = PathNormalizer.normalize(raw);

        assertThat(target.error()).isNull();
        assertThat(target.path()).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"/..", "/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/a%zz", "/a%2", "relative",
            "/a b", "/a\tb", "/a\nb", "/a#frag", "*", ""})
    void rejectsWhatCannotBeRoutedSafely(String raw) {
        assertThat(PathNormalizer.normalize(raw).isOk()).isFalse();
    }

    @ParameterizedTest(name = "rejects {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /a%00b          | %00
            /a%0d%0ab       | %0D
            /a%0A           | %0A
            /x/%1f/../y     | %1F
            /a%7f           | %7F
            /%2e/%09        | %09
            """)
    void rejectsEncodedControlCharactersAsTheRawOnesAre(String raw, String named) {
        NormalizedTarget target = PathNormalizer.normalize(raw);

        assertThat(target.isOk()).isFalse();
        assertThat(target.error()).isEqualTo("the path contains the encoded control character " + named + ": " + raw);
    }

    @ParameterizedTest(name = "keeps {0}")
    @ValueSource(strings = {"/a%20b", "/a%2Fb", "/%7e", "/%80", "/%FF"})
    void keepsEscapesOfOtherCharacters(String raw) {
        assertThat(PathNormalizer.normalize(raw).isOk()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /a?x=1                 | /a   | x=1
            /a/../b?q=/../x&y=%2e  | /b   | q=/../x&y=%2e
            /?                     | /    | ''
            """)
    void theQueryIsKeptByteForByte(String raw, String path, String query) {
        NormalizedTarget target = PathNormalizer.normalize(raw);

        assertThat(target.path()).isEqualTo(path);
        assertThat(target.query()).isEqualTo(query);
    }
}
