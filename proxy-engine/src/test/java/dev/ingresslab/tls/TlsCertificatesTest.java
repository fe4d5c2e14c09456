package dev.ingresslab.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.ingresslab.tls.TestCertificates.base64;
import static dev.ingresslab.tls.TestCertificates.pem;
import static dev.ingresslab.tls.TestCertificates.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TlsCertificatesTest {

    record KeyForm(String name, Function<KeyPair, String> pem, String header) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> keyForms() {
        return Stream.of(
                arguments(TestCertificates.rsaKey(), new KeyForm("RSA PKCS#1", TestCertificates::traditionalKeyPem,
                        "-----BEGIN RSA PRIVATE KEY-----")),
                arguments(TestCertificates.rsaKey(), new KeyForm("RSA PKCS#8", TestCertificates::pkcs8KeyPem,
                        "-----BEGIN PRIVATE KEY-----")),
                arguments(TestCertificates.sharedEcKey(), new KeyForm("EC SEC1", TestCertificates::traditionalKeyPem,
                        "-----BEGIN EC PRIVATE KEY-----")),
                arguments(TestCertificates.sharedEcKey(), new KeyForm("EC SEC1 without its public key",
                        k -> TestCertificates.sec1(k, false, false), "-----BEGIN EC PRIVATE KEY-----")),
                arguments(TestCertificates.sharedEcKey(), new KeyForm("EC SEC1 after EC PARAMETERS",
                        k -> TestCertificates.sec1(k, true, true), "-----BEGIN EC PARAMETERS-----")),
                arguments(TestCertificates.sharedEcKey(), new KeyForm("EC PKCS#8", TestCertificates::pkcs8KeyPem,
                        "-----BEGIN PRIVATE KEY-----")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keyForms")
    void readsEveryKeyFormKubectlAccepts(KeyPair key, KeyForm form) throws Exception {
        X509Certificate leaf = TestCertificates.leaf(key, "alpaca.example.com", "*.Example.com");
        String keyPem = form.pem().apply(key);
        assertThat(keyPem).startsWith(form.header());

        TlsCertificate certificate = TlsCertificates.fromSecret(tlsSecret("default", "alpaca-tls", pem(leaf), keyPem));

        assertThat(certificate.leaf()).isEqualTo(leaf);
        assertThat(certificate.privateKey().getAlgorithm()).isEqualTo(key.getPrivate().getAlgorithm());
        assertThat(certificate.dnsNames()).containsExactly("alpaca.example.com", "*.example.com");
        assertThat(certificate.notAfter()).isEqualTo(leaf.getNotAfter().toInstant());
        assertThat(certificate.notBefore()).isEqualTo(leaf.getNotBefore().toInstant());
        assertThat(certificate.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(certificate.source()).isEqualTo(new SecretRef("default", "alpaca-tls"));
        assertThat(certificate.ours()).isFalse();
        assertThat(certificate.covers("alpaca.example.com")).isTrue();
        assertThat(certificate.covers("b.example.com")).isTrue();
        assertThat(certificate.covers("a.b.example.com")).isFalse();
        assertThat(certificate.covers("example.com")).isFalse();
    }

    @Test
    void keepsTheChainInOrderAndTellsOursByItsLabel() throws Exception {
        KeyPair caKey = TestCertificates.ecKey();
        KeyPair leafKey = TestCertificates.ecKey();
        Instant now = Instant.now();
        X509Certificate ca = TestCertificates.issue(caKey, caKey, "CN=Test CA", now.minusSeconds(60),
                now.plus(Duration.ofDays(10)), true);
        X509Certificate leaf = TestCertificates.issue(leafKey, caKey, "CN=alpaca.example.com", "CN=Test CA",
                now.minusSeconds(60), now.plus(Duration.ofDays(5)), false, "alpaca.example.com");
        Secret secret = tlsSecret("shop", "alpaca-tls", pem(leaf, ca), TestCertificates.pkcs8KeyPem(leafKey));
        secret.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "ingress-lab"));

        TlsCertificate certificate = TlsCertificates.fromSecret(secret);

        assertThat(certificate.chain()).containsExactly(leaf, ca);
        assertThat(certificate.ours()).isTrue();
        assertThat(certificate.issuer()).isEqualTo("CN=Test CA");
        assertThat(certificate.selfSigned()).isFalse();
        assertThat(certificate.sha256Fingerprint()).isEqualTo(TlsCertificates.fingerprint(leaf));
    }

    @Test
    void readsStringDataAsAManifestMayGiveIt() throws Exception {
        KeyPair key = TestCertificates.sharedEcKey();
        Secret secret = new SecretBuilder().withNewMetadata().withName("plain").endMetadata()
                .withType("kubernetes.io/tls").withStringData(Map.of("tls.crt",
                        pem(TestCertificates.leaf(key, "a.example.com")), "tls.key", TestCertificates.pkcs8KeyPem(key)))
                .build();
        assertThat(TlsCertificates.fromSecret(secret).source()).isEqualTo(new SecretRef("default", "plain"));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> refusals() {
        KeyPair key = TestCertificates.sharedEcKey();
        KeyPair other = TestCertificates.ecKey();
        String cert = pem(TestCertificates.leaf(key, "a.example.com"));
        String keyPem = TestCertificates.pkcs8KeyPem(key);
        Instant now = Instant.now();
        X509Certificate ca = TestCertificates.issue(other, other, "CN=CA", now.minusSeconds(60),
                now.plusSeconds(3600), true);
        X509Certificate leafOfOther = TestCertificates.issue(key, other, "CN=a.example.com", "CN=CA",
                now.minusSeconds(60), now.plusSeconds(3600), false, "a.example.com");
        String corrupted = cert.replace(cert.substring(80, 90), "!!!!!!!!!!");
        return Stream.of(
                arguments("wrong type", new SecretBuilder().withNewMetadata().withNamespace("default")
                                .withName("s").endMetadata().withType("Opaque")
                                .withData(Map.of("tls.crt", base64(cert), "tls.key", base64(keyPem))).build(),
                        "TLSSecretWrongType", List.of("is of type Opaque, not kubernetes.io/tls", "kubectl create secret tls s")),
                arguments("no tls.key", new SecretBuilder().withNewMetadata().withNamespace("default")
                                .withName("s").endMetadata().withType("kubernetes.io/tls")
                                .withData(Map.of("tls.crt", base64(cert))).build(),
                        "TLSSecretMissingKey", List.of("has no tls.key (it has tls.crt)")),
                arguments("no data", new SecretBuilder().withNewMetadata().withNamespace("default")
                                .withName("s").endMetadata().withType("kubernetes.io/tls").build(),
                        "TLSSecretMissingKey", List.of("has no tls.crt (it has no data at all)")),
                arguments("not base64", new SecretBuilder().withNewMetadata().withNamespace("default")
                                .withName("s").endMetadata().withType("kubernetes.io/tls")
                                .withData(Map.of("tls.crt", "%%%not base64%%%", "tls.key", base64(keyPem))).build(),
                        "TLSSecretBadPem", List.of("tls.crt is not valid base64", "stringData")),
                arguments("DER, not PEM", tlsSecret("default", "s", "binary junk", keyPem),
                        "TLSSecretBadPem", List.of("tls.crt holds no PEM CERTIFICATE block", "openssl x509 -inform der")),
                arguments("corrupted base64 inside the PEM", tlsSecret("default", "s", corrupted, keyPem),
                        "TLSSecretBadPem", List.of("tls.crt is not valid PEM")),
                arguments("swapped", tlsSecret("default", "s", keyPem, cert),
                        "TLSSecretBadPem", List.of("tls.crt holds a private key", "swapped")),
                arguments("no key block", tlsSecret("default", "s", cert, cert),
                        "TLSSecretBadPem", List.of("tls.key holds no PEM private key block")),
                arguments("encrypted key", tlsSecret("default", "s", cert, encryptedKey(key)),
                        "TLSSecretBadPem", List.of("encrypted private key", "openssl pkey")),
                arguments("another key", tlsSecret("default", "s", cert, TestCertificates.pkcs8KeyPem(other)),
                        "TLSKeyMismatch", List.of("tls.key is not the key of its certificate", "openssl pkey -pubout")),
                arguments("RSA key, EC certificate", tlsSecret("default", "s", cert,
                                TestCertificates.pkcs8KeyPem(TestCertificates.rsaKey())),
                        "TLSKeyMismatch", List.of("tls.key is an RSA key, the certificate's is EC")),
                arguments("CA first", tlsSecret("default", "s", pem(ca, leafOfOther), keyPem),
                        "TLSKeyMismatch", List.of("it is the key of certificate 2 in tls.crt", "must come first")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatCannotBeServedSayingWhichKeyAndWhatToDo(String name, Secret secret, String reason,
                                                            List<String> message) {
        assertThatThrownBy(() -> TlsCertificates.fromSecret(secret))
                .isInstanceOfSatisfying(TlsSecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains("default/s").contains(message);
                });
    }

    private static String encryptedKey(KeyPair key) {
        try {
            var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                    org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setPassword("secret".toCharArray()).build();
            var writer = new java.io.StringWriter();
            try (var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(writer)) {
                pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key.getPrivate(), encryptor));
            }
            return writer.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fingerprintIsOpensslsForm() {
        X509Certificate leaf = TestCertificates.leaf(TestCertificates.sharedEcKey(), "a.example.com");
        String fingerprint = TlsCertificates.fingerprint(leaf);
        assertThat(fingerprint.split(":")).hasSize(32);
        assertThat(fingerprint.getBytes(StandardCharsets.US_ASCII)).hasSize(95);
    }
}
