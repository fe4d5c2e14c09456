package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

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

    private static final Path CA = Path.of("/home/me/.local/share/ingress-lab/ca.pem");

    private static TryUrl.Listeners tlsFor(int httpsPort, String... secureHosts) {
        return new TryUrl.Listeners(8080, httpsPort, CA, Set.of(secureHosts)::contains);
    }

    @Test
    void aHostServedWithTlsIsOfferedOverHttpsWithTheLocalCaAndResolve() {
        TryUrl url = TryUrl.of("Alpaca.example.com", "/", "Prefix", tlsFor(8443, "alpaca.example.com"))
                .orElseThrow();

        assertThat(url.url()).isEqualTo("https://alpaca.example.com:8443/");
        assertThat(url.curl()).isEqualTo("curl --cacert /home/me/.local/share/ingress-lab/ca.pem --resolve"
                + " alpaca.example.com:8443:127.0.0.1 https://alpaca.example.com:8443/");
        assertThat(url.hostsAdvice()).contains("open https://alpaca.example.com:8443/ as it is, port included");
    }

    @Test
    void aPlainHostBesideATlsHostKeepsItsHttpUrl() {
        TryUrl url = TryUrl.of("bandicoot.example.com", "/a", "Prefix", tlsFor(8443, "alpaca.example.com"))
                .orElseThrow();

        assertThat(url.url()).isEqualTo("http://bandicoot.example.com:8080/a");
        assertThat(url.curl()).isEqualTo("curl --resolve bandicoot.example.com:8080:127.0.0.1"
                + " http://bandicoot.example.com:8080/a");
    }

    @Test
    void withoutAnHttpsListenerOrTheCaFileATlsHostStaysOnHttp() {
        assertThat(TryUrl.of("alpaca.example.com", "/", "Prefix", tlsFor(0, "alpaca.example.com"))
                .orElseThrow().url()).isEqualTo("http://alpaca.example.com:8080/");
        assertThat(TryUrl.of("alpaca.example.com", "/", "Prefix",
                new TryUrl.Listeners(8080, 8443, null, host -> true)).orElseThrow().url())
                .isEqualTo("http://alpaca.example.com:8080/");
    }

    @Test
    void httpsPort443IsLeftOutOfTheUrlButNotOutOfResolve() {
        TryUrl url = TryUrl.of("*.example.com", "/", "Prefix", tlsFor(443, "test.example.com")).orElseThrow();

        assertThat(url.url()).isEqualTo("https://test.example.com/");
        assertThat(url.curl()).endsWith("--resolve test.example.com:443:127.0.0.1 https://test.example.com/");
        assertThat(url.hostsAdvice()).doesNotContain("port included");
    }

    @Test
    void aRuleForAnyHostIsNeverOfferedOverHttpsEvenWhenEveryNameIsSecure() {
        TryUrl url = TryUrl.of("*", "", "defaultBackend", new TryUrl.Listeners(8080, 8443, CA, host -> true))
                .orElseThrow();

        assertThat(url.url()).as("127.0.0.1 is no name a certificate here is issued for")
                .isEqualTo("http://127.0.0.1:8080/");
    }
}
