package dev.ingresslab.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real certificates and keys for tests, made with Bouncy Castle: key pairs (RSA 2048, EC P-256), self-signed or
 * CA-signed leaves with the SAN DNS names and validity a test asks for, and their PEM in each key format a TLS Secret
 * may hold.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
    private static KeyPair rsa;
    private static KeyPair ec;

    private TestCertificates() {
    }

    /** A fresh EC P-256 key pair (fast to make). */
    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA 2048 key pair, made once per test JVM (RSA key generation is slow). */
    public static synchronized KeyPair rsaKey() {
        if (rsa == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                rsa = generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return rsa;
    }

    /** One shared EC key, for tests that do not care which. */
    public static synchronized KeyPair sharedEcKey() {
        if (ec == null) {
            ec = ecKey();
        }
        return ec;
    }

    /** A self-signed leaf for {@code names}, valid from an hour ago for 90 days. */
    public static X509Certificate leaf(KeyPair key, String... names) {
        Instant now = Instant.now();
        return issue(key, key, "CN=" + (names.length > 0 ? names[0] : "no-name"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(90)), false, names);
    }

    /**
     * A certificate for {@code subjectKey}'s public key, signed by {@code issuerKey}.
     *
     * @param names the SAN DNS names (none: no subjectAltName extension)
     */
    public static X509Certificate issue(KeyPair subjectKey, KeyPair issuerKey, String subject, Instant notBefore,
                                        Instant notAfter, boolean ca, String... names) {
        return issue(subjectKey, issuerKey, subject, subject, notBefore, notAfter, ca, names);
    }

    public static X509Certificate issue(KeyPair subjectKey, KeyPair issuerKey, String subject, String issuer,
                                        Instant notBefore, Instant notAfter, boolean ca, String... names) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name(subject), subjectKey.getPublic());
            if (names.length > 0) {
                GeneralName[] general = new GeneralName[names.length];
                for (int i = 0; i < names.length; i++) {
                    general[i] = new GeneralName(GeneralName.dNSName, names[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            String algorithm = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                    : "SHA256withECDSA";
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm)
                    .build(issuerKey.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of certificates, in order. */
    public static String pem(X509Certificate... chain) {
        return write(chain);
    }

    /** The traditional form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1), as openssl writes. */
    public static String traditionalKeyPem(KeyPair key) {
        if (key.getPrivate().getAlgorithm().equals("EC")) {
            return sec1(key, true, false);
        }
        return write(key);
    }

    /**
     * An EC key in SEC1 ({@code EC PRIVATE KEY}, RFC 5915) with its curve named inside, with or without the optional
     * public key, and optionally after an {@code EC PARAMETERS} block (as {@code openssl ecparam -genkey} writes).
     */
    public static String sec1(KeyPair key, boolean withPublicKey, boolean withParametersBlock) {
        try {
            var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getPrivate().getEncoded());
            var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            var parameters = info.getPrivateKeyAlgorithm().getParameters();
            var full = withPublicKey
                    ? new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), new org.bouncycastle.asn1.DERBitString(
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded())
                            .getPublicKeyData().getBytes()), parameters)
                    : new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), parameters);
            String pem = write(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", full.getEncoded()));
            return withParametersBlock
                    ? write(new org.bouncycastle.util.io.pem.PemObject("EC PARAMETERS", parameters.toASN1Primitive()
                    .getEncoded())) + pem
                    : pem;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8: {@code PRIVATE KEY}. */
    public static String pkcs8KeyPem(KeyPair key) {
        try {
            return write(new JcaPKCS8Generator(key.getPrivate(), null).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A {@code kubernetes.io/tls} Secret as {@code kubectl create secret tls} makes it (base64 under data). */
    public static Secret tlsSecret(String namespace, String name, String certPem, String keyPem) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", base64(certPem), "tls.key", base64(keyPem))).build();
    }

    /** A TLS Secret for a fresh self-signed EC certificate naming {@code names}. */
    public static Secret tlsSecretNaming(String namespace, String name, String... names) {
        KeyPair key = sharedEcKey();
        return tlsSecret(namespace, name, pem(leaf(key, names)), pkcs8KeyPem(key));
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
