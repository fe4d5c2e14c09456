package dev.ingresslab.translate;

import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.tls.TlsCertificate;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTPS listener's {@code tls.certificateRefs} with more than one entry (Gateway API {@code GatewayTLSConfig},
 * GEP-851): every valid Secret is served and each handshake picks one by name and key type; each reference that
 * cannot be used is reported at its own field with the spec's reason ({@code InvalidCertificateRef},
 * {@code RefNotPermitted}) while the valid ones are served; a certificate that can never be presented is reported.
 * The handshakes themselves are {@code GatewayHttpsProxyTest}'s.
 */
class ListenerCertificatesTest {

    private static final String CLASS_AND_HEAD = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: lab}
            spec: {controllerName: ingress-lab.dev/controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: web, namespace: default}
            spec:
              gatewayClassName: lab
              listeners:
            """;

    /** A Gateway whose one HTTPS listener, {@code tls}, has {@code hostname} and the references given (YAML flow). */
    private static String gateway(String hostname, String refs) {
        return CLASS_AND_HEAD + "  - {name: tls, protocol: HTTPS, port: 443" + (hostname == null ? ""
                : ", hostname: \"" + hostname + "\"") + ", tls: {certificateRefs: " + refs + "}}\n";
    }

    private static String secret(String namespace, String name, String certPem, String keyPem) {
        return """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                """.formatted(name, namespace, TestCertificates.base64(certPem), TestCertificates.base64(keyPem));
    }

    private static String secret(String namespace, String name, KeyPair key, String... names) {
        return secret(namespace, name, TestCertificates.pem(TestCertificates.leaf(key, names)),
                TestCertificates.pkcs8KeyPem(key));
    }

    private static GatewayCondition resolvedRefs(Translation translation) {
        return translation.gatewayApi().gateway("default", "web").orElseThrow().listener("tls").orElseThrow()
                .condition("ResolvedRefs").orElseThrow();
    }

    private static GatewayCondition programmed(Translation translation) {
        return translation.gatewayApi().gateway("default", "web").orElseThrow().listener("tls").orElseThrow()
                .condition("Programmed").orElseThrow();
    }

    private static SecureVirtualHost secure(Translation translation, String host) {
        return translation.table().secureVirtualHostFor(host).orElseThrow();
    }

    @Test
    void rsaAndEcdsaCertificatesAreBothServedAndTheKeyTypeChoosesBetweenThem() {
        Translation translation = HttpRouteMatchingTest.compile(gateway("a.example.com",
                "[{name: a-ecdsa}, {name: a-rsa}]")
                + secret("default", "a-ecdsa", TestCertificates.ecKey(), "a.example.com")
                + secret("default", "a-rsa", TestCertificates.rsaKey(), "a.example.com"));

        assertThat(resolvedRefs(translation).status()).isTrue();
        assertThat(translation.diagnosticsOf("default", "web")).isEmpty();
        SecureVirtualHost host = secure(translation, "a.example.com");
        assertThat(host.certificates()).extracting(c -> c.source().display())
                .containsExactly("default/a-ecdsa", "default/a-rsa");
        assertThat(host.certificateFor("a.example.com", "EC").source().name()).isEqualTo("a-ecdsa");
        assertThat(host.certificateFor("a.example.com", "RSA").source().name()).isEqualTo("a-rsa");
        assertThat(host.certificateFor("a.example.com", "EdDSA")).as("no key of that type: JSSE asks for the next")
                .isNull();
        assertThat(new Explainer(translation.table()).explain(SimpleRequest.get("https://a.example.com/")).notes())
                .as("explain's tls line names both").anySatisfy(note -> assertThat(note)
                        .contains("with the certificate of the Secret default/a-ecdsa",
                                "from spec.listeners[0] of Gateway default/web",
                                "also, for clients that ask for its key type or names: default/a-rsa (RSA"));
    }

    @Test
    void certificatesForDifferentNamesAreChosenByTheServerName() {
        KeyPair key = TestCertificates.sharedEcKey();
        Translation translation = HttpRouteMatchingTest.compile(gateway("*.example.com",
                "[{name: a-tls}, {name: b-tls}]")
                + secret("default", "a-tls", key, "a.example.com")
                + secret("default", "b-tls", key, "b.example.com"));

        SecureVirtualHost wildcard = secure(translation, "b.example.com");
        assertThat(wildcard.host()).isEqualTo("*.example.com");
        assertThat(wildcard.certificateFor("b.example.com", "EC").source().name()).isEqualTo("b-tls");
        assertThat(wildcard.certificateFor("a.example.com", "EC").source().name()).isEqualTo("a-tls");
        assertThat(wildcard.certificateFor("c.example.com", "EC").source().name())
                .as("no certificate names it: the first of the key type").isEqualTo("a-tls");
        assertThat(translation.diagnosticsOf("default", "web")).as("each serves names the other does not").isEmpty();
    }

    @Test
    void aMissingSecretIsReportedAtItsFieldAndTheOthersAreServed() {
        Translation translation = HttpRouteMatchingTest.compile(gateway("a.example.com",
                "[{name: gone}, {name: a-tls}]")
                + secret("default", "a-tls", TestCertificates.sharedEcKey(), "a.example.com"));

        GatewayCondition resolved = resolvedRefs(translation);
        assertThat(resolved.status()).isFalse();
        assertThat(resolved.reason()).isEqualTo("InvalidCertificateRef");
        assertThat(resolved.message()).contains("certificateRefs[0]: Secret default/gone not found",
                "kubectl create secret tls gone -n default", "served with the other certificate");
        assertThat(translation.diagnosticsOf("default", "web")).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("spec.listeners[0].tls.certificateRefs[0]");
            assertThat(d.reason()).isEqualTo("InvalidCertificateRef");
        });
        assertThat(programmed(translation).status()).as("served with the valid one").isTrue();
        assertThat(secure(translation, "a.example.com").certificates()).extracting(TlsCertificate::source)
                .extracting(s -> s.name()).containsExactly("a-tls");
    }

    @Test
    void malformedSecretsAndOtherKindsAreInvalidCertificateRefs() {
        KeyPair key = TestCertificates.sharedEcKey();
        Translation translation = HttpRouteMatchingTest.compile(gateway("a.example.com",
                "[{name: a-tls}, {name: broken}, {name: cm, kind: ConfigMap}]")
                + secret("default", "a-tls", key, "a.example.com")
                + secret("default", "broken", "not a certificate", TestCertificates.pkcs8KeyPem(key)));

        GatewayCondition resolved = resolvedRefs(translation);
        assertThat(resolved.reason()).isEqualTo("InvalidCertificateRef");
        assertThat(resolved.message()).contains("certificateRefs[1]: Secret default/broken: ",
                "certificateRefs[2]: certificateRefs name core Secrets (group \"\", kind Secret), not /ConfigMap");
        assertThat(translation.diagnosticsOf("default", "web")).extracting(Diagnostic::field)
                .containsExactly("spec.listeners[0].tls.certificateRefs[1]", "spec.listeners[0].tls.certificateRefs[2]");
        assertThat(programmed(translation).status()).isTrue();
    }

    @Test
    void aSecretInAnotherNamespaceNeedsAReferenceGrantAndItsReasonIsRefNotPermitted() {
        KeyPair key = TestCertificates.sharedEcKey();
        String objects = gateway("a.example.com", "[{name: shared, namespace: vault}, {name: gone}]")
                + secret("vault", "shared", key, "a.example.com");
        Translation refused = HttpRouteMatchingTest.compile(objects);
        GatewayCondition resolved = resolvedRefs(refused);
        assertThat(resolved.reason()).as("the first unusable reference's reason").isEqualTo("RefNotPermitted");
        assertThat(resolved.message()).contains("certificateRefs[0]: Secret vault/shared is in another namespace",
                "certificateRefs[1]: Secret default/gone not found", "the listener is not served");
        assertThat(programmed(refused).status()).as("no usable certificate: not served").isFalse();
        assertThat(refused.table().secureVirtualHostFor("a.example.com")).isEmpty();

        Translation granted = HttpRouteMatchingTest.compile(objects + """
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: gateways-may-read, namespace: vault}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}]
                  to: [{group: "", kind: Secret}]
                """);
        assertThat(resolvedRefs(granted).reason()).as("now only the missing one").isEqualTo("InvalidCertificateRef");
        assertThat(secure(granted, "a.example.com").certificates()).extracting(c -> c.source().display())
                .containsExactly("vault/shared");
    }

    @Test
    void aCertificateThatCanNeverBePresentedIsReported() {
        KeyPair key = TestCertificates.sharedEcKey();
        Translation translation = HttpRouteMatchingTest.compile(gateway("a.example.com",
                "[{name: new}, {name: old}]")
                + secret("default", "new", key, "a.example.com", "b.example.com")
                + secret("default", "old", key, "a.example.com"));

        assertThat(resolvedRefs(translation).status()).as("both resolve").isTrue();
        assertThat(translation.diagnosticsOf("default", "web")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("CertificateRefNotUsed");
            assertThat(d.field()).isEqualTo("spec.listeners[0].tls.certificateRefs[1]");
            assertThat(d.message()).contains("Secret default/old is never presented: certificateRefs[0] (Secret"
                    + " default/new) comes first, with a key of the same type (ECDSA) and every name it names"
                    + " (a.example.com)", "remove it, or put it first");
        });
    }

    @Test
    void aListenerWithoutAHostnameServesItsCertificatesForEveryOtherName() {
        KeyPair key = TestCertificates.sharedEcKey();
        Translation translation = HttpRouteMatchingTest.compile(gateway(null, "[{name: shop-tls}]")
                + secret("default", "shop-tls", key, "shop.example.org")
                + HttpRouteMatchingTest.route("any", "", "[]", "- backendRefs: [{name: s, port: 80}]"));

        assertThat(secure(translation, "shop.example.org").certificates()).extracting(c -> c.source().name())
                .as("a route without hostnames names no host, the listener takes every name")
                .containsExactly("shop-tls");
        assertThat(secure(translation, "other.example.net").certificateFor("other.example.net", "EC").source()
                .name()).as("a name it does not cover: still the listener's, which the client then refuses")
                .isEqualTo("shop-tls");
        assertThat(translation.table().secureVirtualHosts()).as("no host name to list in the TLS view").isEmpty();
        assertThat(translation.table().secureVirtualHostFor(null)).as("no SNI: the fallback").isEmpty();
    }

    @Test
    void noReferenceIsStillRefused() {
        Translation translation = HttpRouteMatchingTest.compile(gateway("a.example.com", "[]"));
        assertThat(resolvedRefs(translation).reason()).isEqualTo("InvalidCertificateRef");
        assertThat(resolvedRefs(translation).message()).contains("needs tls.certificateRefs");
        assertThat(programmed(translation).status()).isFalse();
    }
}
