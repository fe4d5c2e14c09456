package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.TestCertificates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which plain-HTTP requests are redirected to https, as ingress-nginx decides it (lua_ingress.lua: force-ssl-redirect,
 * or ssl-redirect and a certificate configured for the request's host), and the explain line about TLS.
 */
class HttpsRedirectRulesTest {

    private static Cluster withSecret() {
        return new Cluster().settings(TranslatorSettings.defaults().withHttpsPort(8443)).service("web", 1)
                .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com"),
                        TestCertificates.tlsSecretNaming("default", "wild-tls", "*.example.com"));
    }

    @Test
    void aPathMissOfASecureHostIsRedirectedByItsOwnersAnnotations() {
        Cluster redirected = withSecret().add(TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com")
                .rule("alpaca.example.com", p -> p.exact("/only", "web")));
        Cluster served = withSecret().add(TestIngress.named("alpaca").nginx("ssl-redirect", "false")
                .tls("alpaca-tls", "alpaca.example.com").rule("alpaca.example.com", p -> p.exact("/only", "web")));

        Decision miss = redirected.on("http://alpaca.example.com/other");
        assertThat(miss.status()).isEqualTo(308);
        assertThat(miss.location()).isEqualTo("https://alpaca.example.com:8443/other");
        assertThat(miss.reason()).contains("default/alpaca");
        assertThat(served.on("http://alpaca.example.com/other").status()).isEqualTo(404);
    }

    @Test
    void aHostUnderAnotherIngresssWildcardCertificateIsRedirectedUnlessItsIngressSaysNo() {
        Cluster cluster = withSecret()
                .add(TestIngress.named("wild").tls("wild-tls", "*.example.com")
                        .rule("*.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("alpaca").rule("alpaca.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("bandicoot").nginx("ssl-redirect", "false")
                        .rule("bandicoot.example.com", p -> p.prefix("/", "web")));

        // certificate.lua finds *.example.com's certificate for alpaca.example.com, so lua_ingress.lua redirects
        assertThat(cluster.on("http://alpaca.example.com/").status()).isEqualTo(308);
        assertThat(cluster.on("http://bandicoot.example.com/").status()).isEqualTo(200);
        assertThat(cluster.on("http://a.b.example.com/").outcome()).isNotEqualTo(Outcome.REDIRECT);
    }

    @Test
    void httpsIsNeverRedirected() {
        Cluster cluster = withSecret().add(TestIngress.named("alpaca").nginx("force-ssl-redirect", "true")
                .tls("alpaca-tls", "alpaca.example.com").rule("alpaca.example.com", p -> p.prefix("/", "web")));

        assertThat(cluster.on("https://alpaca.example.com/").status()).isEqualTo(200);
    }

    @Test
    void explainSaysWhichCertificateAHostGetsAndWhy() {
        Decision served = withSecret().add(TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com")
                .rule("alpaca.example.com", p -> p.prefix("/", "web"))).on("https://alpaca.example.com/");
        Decision broken = withSecret().add(TestIngress.named("alpaca").tls("missing-tls", "alpaca.example.com")
                .rule("alpaca.example.com", p -> p.prefix("/", "web"))).on("http://alpaca.example.com/");
        Decision none = withSecret().add(TestIngress.named("alpaca")
                .rule("alpaca.example.com", p -> p.prefix("/", "web"))).on("http://alpaca.example.com/");

        assertThat(served.notes()).filteredOn(n -> n.startsWith("tls: ")).singleElement().asString()
                .contains("served on https with the certificate of the Secret default/alpaca-tls",
                        "names alpaca.example.com", "SHA-256 ", "spec.tls[0] of Ingress default/alpaca",
                        "redirected to https:8443");
        assertThat(broken.status()).isEqualTo(308);
        assertThat(broken.notes()).filteredOn(n -> n.startsWith("tls: ")).singleElement().asString()
                .contains("no certificate of its own", "the Secret default/missing-tls does not exist",
                        "fallback certificate");
        assertThat(none.notes()).noneMatch(n -> n.startsWith("tls: "));
    }

    @Test
    void explainSaysWhenThereIsNoHttpsListener() {
        Decision decision = withSecret().settings(TranslatorSettings.defaults().withoutHttps())
                .add(TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/", "web"))).on("http://alpaca.example.com/");

        assertThat(decision.status()).isEqualTo(200);
        assertThat(decision.notes()).anySatisfy(n -> assertThat(n).contains("no https listener"));
    }
}
