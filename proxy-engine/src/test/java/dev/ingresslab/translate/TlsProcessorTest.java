package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.tls.TlsCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.ingresslab.tls.TestCertificates.pem;
import static dev.ingresslab.tls.TestCertificates.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The TLS processor: which certificate each secure host gets, and every diagnostic, with real PEM. */
class TlsProcessorTest {

    private static final KeyPair KEY = TestCertificates.sharedEcKey();

    private static TestIngress alpaca() {
        return TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com")
                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca"));
    }

    private static Secret secretValid(String namespace, String name, Instant from, Instant until, String... names) {
        return tlsSecret(namespace, name, pem(TestCertificates.issue(KEY, KEY, "CN=test", from, until, false, names)),
                TestCertificates.pkcs8KeyPem(KEY));
    }

    /** One case: what the cluster holds, and the finding about the alpaca Ingress it must give. */
    record Case(String name, Cluster cluster, String reason, String field, List<String> words,
                boolean certificateServed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Instant now = Instant.now();
        KeyPair other = TestCertificates.ecKey();
        return Stream.of(
                new Case("missing Secret", new Cluster().service("alpaca", 1).add(alpaca()),
                        "TLSSecretNotFound", "spec.tls[0].secretName",
                        List.of("default/alpaca-tls does not exist", "kubectl create secret tls alpaca-tls -n default",
                                "./ingress-lab tls issue alpaca.example.com"), false),
                new Case("Secret only in another namespace", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(TestCertificates.tlsSecretNaming("other", "alpaca-tls", "alpaca.example.com")),
                        "TLSSecretInOtherNamespace", "spec.tls[0].secretName",
                        List.of("a Secret of that name is in namespace other", "only ever uses Secrets of its own"
                                + " namespace"), false),
                new Case("secretName with a namespace", new Cluster().service("alpaca", 1)
                        .add(TestIngress.named("alpaca").tls("other/alpaca-tls", "alpaca.example.com")
                                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")))
                        .add(TestCertificates.tlsSecretNaming("other", "alpaca-tls", "alpaca.example.com")),
                        "TLSSecretInOtherNamespace", "spec.tls[0].secretName",
                        List.of("a secretName has no namespace", "never used"), false),
                new Case("wrong type", new Cluster().service("alpaca", 1).add(alpaca())
                        .add((Secret) new SecretBuilder(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com"))
                                .withType("Opaque").build()),
                        "TLSSecretWrongType", "spec.tls[0].secretName", List.of("is of type Opaque"), false),
                new Case("missing tls.key", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(new SecretBuilder().withNewMetadata().withNamespace("default").withName("alpaca-tls")
                                .endMetadata().withType("kubernetes.io/tls").withData(Map.of("tls.crt",
                                        TestCertificates.base64(pem(TestCertificates.leaf(KEY, "alpaca.example.com")))))
                                .build()),
                        "TLSSecretMissingKey", "spec.tls[0].secretName", List.of("has no tls.key"), false),
                new Case("bad PEM", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(tlsSecret("default", "alpaca-tls", "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                                + "-----END CERTIFICATE-----\n", TestCertificates.pkcs8KeyPem(KEY))),
                        "TLSSecretBadPem", "spec.tls[0].secretName", List.of("tls.crt is not valid PEM"), false),
                new Case("certificate and key that do not match", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(tlsSecret("default", "alpaca-tls", pem(TestCertificates.leaf(KEY, "alpaca.example.com")),
                                TestCertificates.pkcs8KeyPem(other))),
                        "TLSKeyMismatch", "spec.tls[0].secretName", List.of("tls.key is not the key of its"
                                + " certificate"), false),
                new Case("expired", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(secretValid("default", "alpaca-tls", now.minus(Duration.ofDays(100)),
                                now.minus(Duration.ofDays(10)), "alpaca.example.com")),
                        "TLSCertificateExpired", "spec.tls[0].secretName",
                        List.of("expired on", "days ago", "served anyway"), true),
                new Case("not yet valid", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(secretValid("default", "alpaca-tls", now.plus(Duration.ofDays(3)),
                                now.plus(Duration.ofDays(30)), "alpaca.example.com")),
                        "TLSCertificateNotYetValid", "spec.tls[0].secretName",
                        List.of("is not valid yet", "in 2 days", "clock"), true),
                new Case("host not in the SANs", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "bandicoot.example.com")),
                        "TLSHostNotCovered", "spec.tls[0].hosts[0]",
                        List.of("names only bandicoot.example.com, not alpaca.example.com", "default certificate"),
                        false),
                new Case("no SAN at all", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(tlsSecret("default", "alpaca-tls", pem(TestCertificates.leaf(KEY)),
                                TestCertificates.pkcs8KeyPem(KEY))),
                        "TLSHostNotCovered", "spec.tls[0].hosts[0]",
                        List.of("no DNS name at all", "Common Name is ignored"), false),
                new Case("a wildcard one label too deep", new Cluster().service("alpaca", 1).add(alpaca())
                        .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "*.alpaca.example.com")),
                        "TLSHostNotCovered", "spec.tls[0].hosts[0]", List.of("names only *.alpaca.example.com"), false),
                new Case("tls entry without secretName", new Cluster().service("alpaca", 1)
                        .add(TestIngress.named("alpaca").tls(null, "alpaca.example.com")
                                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca"))),
                        "TLSDefaultCertificate", "spec.tls[0].secretName",
                        List.of("names no secretName", "ingress-nginx presents its default certificate",
                                "Contour"), false),
                new Case("rule host no tls entry lists", new Cluster().service("alpaca", 1)
                        .add(TestIngress.named("alpaca").tls("alpaca-tls", "other.example.com")
                                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")))
                        .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "other.example.com")),
                        "TLSHostNotListed", "spec.tls", List.of("no tls entry lists it"), false),
                new Case("tls host without a rule", new Cluster().service("alpaca", 1)
                        .add(TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com", "extra.example.com")
                                .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")))
                        .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com", "extra.example.com")),
                        "TLSHostWithoutRule", "spec.tls[0].hosts[1]", List.of("extra.example.com is not the host"),
                        true)
        ).map(c -> arguments(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachProblemIsADiagnosticOnTheIngressAtItsField(Case c) {
        Translation translation = c.cluster().translate();

        assertThat(translation.diagnosticsOf("default", "alpaca"))
                .filteredOn(d -> d.reason().equals(c.reason()))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.field()).isEqualTo(c.field());
                    assertThat(d.message()).contains(c.words());
                });
        SecureVirtualHost secure = translation.table().secureVirtualHostFor("alpaca.example.com").orElseThrow();
        assertThat(secure.certificate().isPresent()).isEqualTo(c.certificateServed());
        if (!c.certificateServed() || !c.reason().equals("TLSHostWithoutRule")) {
            assertThat(secure.problem()).isNotEmpty();
        }
    }

    @Test
    void aValidSecretIsServedForItsHostWithNoFinding() {
        Translation translation = new Cluster().service("alpaca", 1).add(alpaca())
                .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com")).translate();

        assertThat(translation.diagnostics()).isEmpty();
        TlsCertificate certificate = translation.table().certificateFor("alpaca.example.com").orElseThrow();
        assertThat(certificate.source().display()).isEqualTo("default/alpaca-tls");
        assertThat(translation.table().secureVirtualHosts()).extracting(SecureVirtualHost::host)
                .containsExactly("alpaca.example.com");
    }

    @Test
    void aWildcardRuleHostGetsTheWildcardCertificateAndServesOneLabel() {
        Translation translation = new Cluster().service("pets", 1)
                .add(TestIngress.named("pets").tls("pets-tls", "*.example.com")
                        .rule("*.example.com", p -> p.prefix("/", "pets")))
                .add(TestCertificates.tlsSecretNaming("default", "pets-tls", "*.example.com")).translate();

        assertThat(translation.diagnostics()).isEmpty();
        RouteTable table = translation.table();
        assertThat(table.certificateFor("alpaca.example.com")).isPresent();
        assertThat(table.certificateFor("a.b.example.com")).isEmpty();
        assertThat(table.certificateFor("example.com")).isEmpty();
    }

    @Test
    void anEntryWithoutHostsServesTheRuleHostsItsCertificateNames() {
        // extractTLSSecretName: no tls host lists it, so an entry whose certificate names the host is used
        Translation translation = new Cluster().service("alpaca", 1)
                .add(TestIngress.named("alpaca").tls("alpaca-tls").rule("alpaca.example.com",
                        p -> p.prefix("/", "alpaca")))
                .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com")).translate();

        assertThat(translation.diagnostics()).isEmpty();
        assertThat(translation.table().certificateFor("alpaca.example.com")).isPresent();
    }

    @Test
    void twoIngressesGivingOneHostDifferentSecretsTheOldestWins() {
        Translation translation = new Cluster().service("alpaca", 1)
                .add(TestIngress.named("newer").createdAt(60).tls("newer-tls", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/b", "alpaca")))
                .add(TestIngress.named("older").createdAt(0).tls("older-tls", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/a", "alpaca")))
                .add(TestCertificates.tlsSecretNaming("default", "older-tls", "alpaca.example.com"),
                        TestCertificates.tlsSecretNaming("default", "newer-tls", "alpaca.example.com")).translate();

        assertThat(translation.table().certificateFor("alpaca.example.com").orElseThrow().source().name())
                .isEqualTo("older-tls");
        assertThat(translation.diagnosticsOf("default", "newer")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("TLSSecretConflict");
            assertThat(d.message()).contains("default/older-tls", "default/older", "default/newer-tls",
                    "creationTimestamp");
        });
        assertThat(translation.diagnosticsOf("default", "older")).isEmpty();
    }

    @Test
    void theSameSecretFromTwoIngressesIsNoConflict() {
        Translation translation = new Cluster().service("alpaca", 1)
                .add(TestIngress.named("one").createdAt(0).tls("shared", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/a", "alpaca")))
                .add(TestIngress.named("two").createdAt(5).tls("shared", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/b", "alpaca")))
                .add(TestCertificates.tlsSecretNaming("default", "shared", "alpaca.example.com")).translate();

        assertThat(translation.diagnostics()).isEmpty();
    }

    @Test
    void aSecretInAnotherNamespaceIsNeverUsedEvenWhenItsNameMatches() {
        Translation translation = new Cluster().service("shop", "alpaca", 1)
                .add(TestIngress.named("alpaca").namespace("shop").tls("alpaca-tls", "alpaca.example.com")
                        .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")))
                .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com")).translate();

        assertThat(translation.table().certificateFor("alpaca.example.com")).isEmpty();
        assertThat(translation.diagnosticsOf("shop", "alpaca")).extracting(Diagnostic::reason)
                .containsExactly("TLSSecretInOtherNamespace");
    }

    @Test
    void theTrustHookAddsItsDiagnostic() {
        Secret secret = TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com");
        RouteCompiler compiler = RouteCompiler.standard(TranslatorSettings.defaults(),
                certificate -> Optional.of("its issuer " + certificate.issuer() + " is not trusted here: run"
                        + " ./ingress-lab tls trust"), Clock.fixed(Instant.now(), ZoneOffset.UTC));
        Translation translation = compiler.compile(TranslationInput.ofCluster(List.of(alpaca().build()), List.of(),
                List.of(), List.of(), List.of(secret)));

        assertThat(translation.diagnosticsOf("default", "alpaca")).filteredOn(d -> d.reason().startsWith("TLS"))
                .singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("TLSCertificateNotTrusted");
            assertThat(d.message()).contains("tls trust");
        });
        assertThat(translation.table().certificateFor("alpaca.example.com")).isPresent();
    }

    @Test
    void manifestsWithoutSecretsReportNothingMissingButTheHostIsSecure() {
        Translation translation = Cluster.ofManifests().add(alpaca()).translate();

        assertThat(translation.diagnostics()).isEmpty();
        assertThat(translation.table().secureVirtualHostFor("alpaca.example.com").orElseThrow().problem())
                .contains("was not given");
    }

    @Test
    void anUnchangedSecretIsParsedOnceAcrossCompilations() {
        Secret secret = TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com");
        RouteCompiler compiler = RouteCompiler.standard(TranslatorSettings.defaults());
        TranslationInput input = TranslationInput.ofCluster(List.of(alpaca().build()), List.of(), List.of(),
                List.of(), List.of(secret));

        TlsCertificate first = compiler.compile(input).table().certificateFor("alpaca.example.com").orElseThrow();
        TlsCertificate again = compiler.compile(input).table().certificateFor("alpaca.example.com").orElseThrow();
        Secret renewed = TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com");
        TlsCertificate changed = compiler.compile(TranslationInput.ofCluster(List.of(alpaca().build()), List.of(),
                List.of(), List.of(), List.of(renewed))).table().certificateFor("alpaca.example.com").orElseThrow();

        assertThat(again).isSameAs(first);
        assertThat(changed).isNotSameAs(first);
        assertThat(changed.sha256Fingerprint()).isNotEqualTo(first.sha256Fingerprint());
    }
}
