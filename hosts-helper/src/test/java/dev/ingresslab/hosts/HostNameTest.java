package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNameTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alpaca.example.com|alpaca.example.com",
            "Alpaca.EXAMPLE.com|alpaca.example.com",
            "alpaca.example.com.|alpaca.example.com",
            "bücher.example|xn--bcher-kva.example",
            "BÜCHER.example|xn--bcher-kva.example",
            "xn--bcher-kva.example|xn--bcher-kva.example",
            "例え.テスト|xn--r8jz45g.xn--zckzah",
            "3com.example|3com.example",
            "a-b.c-d.example|a-b.c-d.example",
            "intranet|intranet",
            "foo.localhost.example|foo.localhost.example",
    })
    void canonicalises(String input, String canonical) throws InvalidHostName {
        HostName name = HostName.parse(input);
        assertThat(name.value()).isEqualTo(canonical);
        assertThat(HostName.whyInvalid(input)).isEmpty();
        assertThat(HostName.isValid(input)).isTrue();
    }

    @Test
    void showsInternationalisedNamesInUnicode() throws InvalidHostName {
        assertThat(HostName.parse("bücher.example").unicode()).isEqualTo("bücher.example");
    }

    @Test
    void acceptsTheLongestNameAndLabel() throws InvalidHostName {
        String label63 = "a".repeat(63);
        assertThat(HostName.parse(label63 + ".example").value()).startsWith(label63);
        String name253 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(HostName.parse(name253).value()).isEqualTo(name253);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''|the name is empty",
            "*.example.com|a hosts file cannot hold a wildcard such as *.example.com",
            "*|a hosts file cannot hold a wildcard",
            "a.*.example.com|a hosts file cannot hold a wildcard",
            "localhost|localhost and its subdomains already resolve",
            "LOCALHOST.|localhost and its subdomains already resolve",
            "app.localhost|localhost and its subdomains already resolve",
            "alpaca example.com|cannot contain spaces or tabs",
            "alpaca\texample.com|cannot contain spaces or tabs",
            "alpaca.example.com#x|cannot contain '#'",
            "127.0.0.1|an IP address is not a host name",
            "10.1.2.3|an IP address is not a host name",
            "::1|an IP address is not a host name",
            "[::1]|an IP address is not a host name",
            "fe80::1|an IP address is not a host name",
            "a.123|is all digits",
            "alpaca.example.com:8080|without a port",
            "http://alpaca.example.com/|without a scheme or a path",
            "alpaca.example.com/a|without a scheme or a path",
            "a..b|empty label",
            ".example.com|cannot begin with a dot",
            "example.com..|empty label",
            "-alpaca.example.com|begins or ends with a hyphen",
            "alpaca-.example.com|begins or ends with a hyphen",
            "al_paca.example.com|underscores are for service records",
            "alpaca!.example.com|'!' is not allowed",
            "xn--zz-.example|begins or ends with a hyphen",
            "xn--a.example|is not valid Punycode",
    })
    void refusesWithTheReason(String input, String reason) {
        assertThatThrownBy(() -> HostName.parse(input))
                .isInstanceOf(InvalidHostName.class)
                .satisfies(e -> assertThat(((InvalidHostName) e).reason()).contains(reason))
                .satisfies(e -> assertThat(((InvalidHostName) e).input()).isEqualTo(input));
        assertThat(HostName.whyInvalid(input)).get().asString().contains(reason);
        assertThat(HostName.isValid(input)).isFalse();
    }

    @Test
    void refusesLineBreaksAndControlCharacters() {
        assertThat(HostName.whyInvalid("alpaca.example.com\n127.0.0.1 evil.example")).get().asString()
                .contains("line break");
        assertThat(HostName.whyInvalid("alpaca\r.example.com")).get().asString().contains("line break");
        assertThat(HostName.whyInvalid("alpaca\u0000.example.com")).get().asString()
                .contains("control character \\u0000");
        assertThat(HostName.whyInvalid("alpaca\u007f.example.com")).get().asString()
                .contains("control character \\u007F");
        assertThat(HostName.whyInvalid("alpaca\u0085.example.com")).get().asString().contains("\\u0085");
        assertThat(HostName.whyInvalid("alpaca\u3000example.com")).get().asString().contains("spaces");
        // the message shows the control character escaped, never raw
        assertThatThrownBy(() -> HostName.parse("a\u0007b.example"))
                .hasMessageContaining("a\\u0007b.example").hasMessageNotContaining("\u0007");
    }

    @Test
    void refusesTooLongLabelsAndNames() {
        assertThat(HostName.whyInvalid("a".repeat(64) + ".example")).get().asString()
                .contains("64 characters long; at most 63");
        String name254 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62));
        assertThat(HostName.whyInvalid(name254)).get().asString().contains("254 characters long; at most 253");
        // an IDN is measured in its ASCII form, which is longer
        String idn = "a".repeat(59) + "ü.example";
        assertThat(HostName.whyInvalid(idn)).get().asString().contains("IDNA").contains("too long");
    }

    @Test
    void theConstructorTakesOnlyCanonicalNames() {
        assertThatThrownBy(() -> new HostName("Alpaca.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> new HostName("alpaca.example.com.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostName("bücher.example")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HostName("alpaca.example.com")).isEqualTo(new HostName("alpaca.example.com"));
    }

    @Test
    void nullIsRefusedWithAReason() {
        assertThat(HostName.whyInvalid(null)).contains("no name given");
    }
}
