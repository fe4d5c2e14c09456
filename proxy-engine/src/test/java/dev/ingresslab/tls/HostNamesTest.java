package dev.ingresslab.tls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostNamesTest {

    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource({
            "alpaca.example.com, alpaca.example.com, true",
            "Alpaca.Example.COM, alpaca.example.com., true",
            "*.example.com, a.example.com, true",
            "*.example.com, A.EXAMPLE.COM, true",
            "*.example.com, example.com, false",
            "*.example.com, a.b.example.com, false",
            "*.example.com, .example.com, false",
            "*.example.com, *.example.com, true",
            "a.example.com, *.example.com, false",
            "*.b.example.com, *.example.com, false",
            "f*.example.com, foo.example.com, false",
            "*.*.example.com, a.b.example.com, false",
            "*.com, example.com, false",
            "a.*.example.com, a.b.example.com, false",
            "alpaca.example.com, bandicoot.example.com, false",
            "'', a.example.com, false",
    })
    void matchesOneLabelWildcardsOnlyAsTlsClientsDo(String pattern, String host, boolean matches) {
        assertThat(HostNames.matches(pattern, host)).isEqualTo(matches);
    }
}
