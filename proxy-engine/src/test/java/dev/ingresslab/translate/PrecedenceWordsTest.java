package dev.ingresslab.translate;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.TestCertificates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #18: a warning that says why one Ingress comes before another says "older" only when it is (both dated, or the
 * other undated); between Ingresses of the same age (manifest files have no creationTimestamp) it names the
 * tie-break, namespace/name, instead. One test per warning that ranks two Ingresses: TLSSecretConflict,
 * DefaultBackendNotUsed, CanaryConflict, RouteConflict.
 */
class PrecedenceWordsTest {

    private static final String TIE = "neither has a creationTimestamp (manifest files have none), so the tie is"
            + " broken as ingress-nginx breaks it: default/b sorts after default/a by namespace/name, and the last"
            + " wins (implementation-defined)";

    @Test
    void twoUndatedIngressesNamingTwoSecretsForOneHost() {
        Translation translation = Cluster.ofManifests().service("web", 1)
                .add(TestIngress.named("a").undated().tls("a-tls", "web.example.com")
                        .rule("web.example.com", p -> p.prefix("/a", "web")))
                .add(TestIngress.named("b").undated().tls("b-tls", "web.example.com")
                        .rule("web.example.com", p -> p.prefix("/b", "web")))
                .add(TestCertificates.tlsSecretNaming("default", "a-tls", "web.example.com"),
                        TestCertificates.tlsSecretNaming("default", "b-tls", "web.example.com")).translate();

        assertThat(translation.diagnosticsOf("default", "a")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("TLSSecretConflict");
            assertThat(d.message()).isEqualTo("the host web.example.com already has its certificate from the Secret"
                    + " default/b-tls, named by default/b, and the tls entry of this Ingress names the Secret"
                    + " default/a-tls, which is not used for web.example.com: ingress-nginx keeps the first"
                    + " certificate configured for a host, Ingresses taken oldest first by creationTimestamp, and "
                    + TIE + "; name the"
                    + " same Secret in both, or remove this tls entry");
            assertThat(d.message()).doesNotContain("older");
        });
    }

    @Test
    void aDatedIngressIsOlderThanAnUndatedOneAndSaysSo() {
        Translation translation = Cluster.ofManifests().service("web", 1)
                .add(TestIngress.named("b").undated().tls("b-tls", "web.example.com")
                        .rule("web.example.com", p -> p.prefix("/b", "web")))
                .add(TestIngress.named("a").createdAt(0).tls("a-tls", "web.example.com")
                        .rule("web.example.com", p -> p.prefix("/a", "web")))
                .add(TestCertificates.tlsSecretNaming("default", "a-tls", "web.example.com"),
                        TestCertificates.tlsSecretNaming("default", "b-tls", "web.example.com")).translate();

        assertThat(translation.diagnosticsOf("default", "b")).singleElement().satisfies(d -> assertThat(d.message())
                .contains("default/a is older (created 2026-01-01T00:00:00Z; default/b has no creationTimestamp, as"
                        + " in a manifest file, and counts as the newest)"));
    }

    @Test
    void anUndatedIngresssDefaultBackendUnusedOnAHostAnotherDeclaresFirst() {
        Translation translation = Cluster.ofManifests().service("web", 1).service("other", 1)
                .add(TestIngress.named("a").undated().defaultBackend("other")
                        .rule("shop.example.com", p -> p.prefix("/a", "web")))
                .add(TestIngress.named("b").undated().rule("shop.example.com", p -> p.prefix("/b", "web")))
                .translate();

        assertThat(translation.diagnosticsOf("default", "a")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("DefaultBackendNotUsed");
            assertThat(d.message()).contains("default/b declares that host first (" + TIE + ")")
                    .doesNotContain("older");
        });
    }

    @Test
    void twoUndatedCanariesOfOnePrimary() {
        Translation translation = Cluster.ofManifests().service("stable", 1).service("first", 1)
                .service("second", 1)
                .add(TestIngress.named("primary").createdAt(0).rule("a.com", p -> p.prefix("/", "stable")))
                .add(TestIngress.named("a").undated().nginx("canary", "true").nginx("canary-by-header", "X")
                        .rule("a.com", p -> p.prefix("/", "second")))
                .add(TestIngress.named("b").undated().nginx("canary", "true").nginx("canary-by-header", "X")
                        .rule("a.com", p -> p.prefix("/", "first")))
                .translate();

        assertThat(translation.diagnosticsOf("default", "a")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("CanaryConflict");
            assertThat(d.message()).contains("default/b comes first and already takes").endsWith(": " + TIE)
                    .doesNotContain("older");
        });
    }

    @Test
    void twoUndatedIngressesClaimingOnePath() {
        Translation translation = Cluster.ofManifests().service("web", 1).service("other", 1)
                .add(TestIngress.named("a").undated().rule("shop.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("b").undated().rule("shop.example.com", p -> p.prefix("/", "other")))
                .translate();

        assertThat(translation.diagnosticsOf("default", "a")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("RouteConflict");
            assertThat(d.message()).endsWith("(" + TIE + ")").doesNotContain("older");
        });
    }
}
