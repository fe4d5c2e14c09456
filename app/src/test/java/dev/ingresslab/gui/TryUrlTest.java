package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TryUrlTest {

    @Test
    void aHostRuleIsTriedThroughTheProxyWithResolveSoNoHostsEntryIsNeeded() {
        TryUrl url = TryUrl.of("alpaca.example.com", "/", "Prefix", 8080).orElseThrow();

        assertThat(url.url()).isEqualTo("http://alpaca.example.com:8080/");
        assertThat(url.curl()).isEqualTo("curl --resolve alpaca.example.com:8080:127.0.0.1"
                + " http://alpaca.example.com:8080/");
        assertThat(url.needsHostsEntry()).isTrue();
    }

    @Test
    void anyHostAndTheDefaultBackendGoToLoopback() {
        TryUrl url = TryUrl.of("*", "", "defaultBackend", 80).orElseThrow();

        assertThat(url.url()).isEqualTo("http://127.0.0.1/");
        assertThat(url.curl()).isEqualTo("curl http://127.0.0.1/");
        assertThat(url.needsHostsEntry()).isFalse();
    }

    @Test
    void aWildcardIsTriedWithOneLabelAndPathsAreQuotedForTheShell() {
        TryUrl url = TryUrl.of("*.example.com", "/a b/'x'", "Exact", 8080).orElseThrow();

        assertThat(url.url()).isEqualTo("http://test.example.com:8080/a b/'x'");
        assertThat(url.curl()).isEqualTo("curl --resolve test.example.com:8080:127.0.0.1"
                + " 'http://test.example.com:8080/a b/'\\''x'\\'''");
    }

    @Test
    void aRegexPathGetsNoGuessedUrl() {
        assertThat(TryUrl.of("a.example.com", "/api/v[0-9]+", "ImplementationSpecific", 8080)).isEmpty();
        assertThat(TryUrl.of("a.example.com", "/api", "ImplementationSpecific", 8080)).isPresent();
    }

    @Test
    void aHostThatNeedsAHostsEntryIsSentToTheHostsViewWithTheExactUrl() {
        TryUrl url = TryUrl.of("alpaca.example.com", "/", "Prefix", 8080).orElseThrow();
        TryUrl onEighty = TryUrl.of("alpaca.example.com", "/", "Prefix", 80).orElseThrow();

        assertThat(url.needsHostsEntry()).isTrue();
        assertThat(url.hostsAdvice()).isEqualTo("alpaca.example.com does not lead to this machine yet: open Hosts to"
                + " add it to the hosts file (one prompt for your password), then open"
                + " http://alpaca.example.com:8080/ as it is, port included; Copy as curl works now, without an"
                + " entry.");
        assertThat(onEighty.hostsAdvice()).contains("then open http://alpaca.example.com/ as it is;")
                .doesNotContain("port included");
    }
}
