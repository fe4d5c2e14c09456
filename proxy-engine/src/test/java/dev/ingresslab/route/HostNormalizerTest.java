package dev.ingresslab.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"alpaca.example.com, alpaca.example.com", "Alpaca.Example.COM, alpaca.example.com",
            "alpaca.example.com:8080, alpaca.example.com", "alpaca.example.com., alpaca.example.com",
            "127.0.0.1:80, 127.0.0.1", "[::1]:8080, [::1]", "[::1], [::1]", "localhost, localhost"})
    void dropsThePortAndLowerCases(String header, String host) {
        assertThat(HostNormalizer.normalize(header)).isEqualTo(host);
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"evil.com\r\nX-Injected: 1", "a b.com", "a..b", ".a.com", "host:port", "host:123456",
            "[::1", "[zz::1]", "[::1]x", "user@host", "a/b", "ex\u00e4mple.com", ":80"})
    void rejectsHeadersThatAreNoHost(String header) {
        assertThat(HostNormalizer.normalize(header)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void anEmptyHostIsNoHost(String header) {
        assertThat(HostNormalizer.normalize(header)).isEmpty();
        assertThat(HostNormalizer.normalize(null)).isEmpty();
    }
}
