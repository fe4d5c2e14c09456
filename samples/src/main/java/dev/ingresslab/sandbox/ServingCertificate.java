package dev.ingresslab.sandbox;

import dev.ingresslab.tls.CertificateProfile;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.X509Issuer;

import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The sandbox API server's TLS identity: a self-signed EC P-256 certificate for {@code localhost}, {@code 127.0.0.1}
 * and {@code ::1}, made afresh for each sandbox and trusted through the kubeconfig's
 * {@code certificate-authority-data}. TLS is what lets the kubeconfig's token work at all: kubectl (client-go's
 * {@code clientcmd}) sends a user's credentials only to a server it reaches over TLS.
 *
 * @param certificate the certificate (its own issuer: CA, serverAuth)
 * @param keys        its key pair
 */
record ServingCertificate(X509Certificate certificate, KeyPair keys) {

    private static final Duration VALIDITY = Duration.ofDays(30);

    /** A new certificate, valid from an hour ago (clock skew) for {@link #VALIDITY}. */
    static ServingCertificate generate() {
        KeyPair keys = X509Issuer.newKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = X509Issuer.selfSigned(new CertificateProfile("ingress-lab-sandbox", null,
                List.of("localhost"), List.of("127.0.0.1", "::1"), now.minus(Duration.ofHours(1)),
                now.plus(VALIDITY), true, true), keys);
        return new ServingCertificate(certificate, keys);
    }

    /**
     * How the key is wrapped in the in-memory key store the JDK's key manager reads it from: one PBKDF2 round. The
     * PKCS #12 default (JDK 17: 10,000 rounds, {@code keystore.pkcs12.keyPbeIterationCount}) protects a key store
     * file at rest; this one is never written anywhere and lives for one call, and those rounds were the largest
     * single cost of the sandbox's start (docs/benchmarks.md, "demo's time to ready").
     */
    static final int KEY_WRAP_ROUNDS = 1;

    /** The server's TLS context (the JDK's TLS, TLS 1.2 and 1.3). */
    SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            byte[] salt = new byte[16]; // a constant salt: there is nothing at rest for it to protect
            store.setEntry("sandbox", new KeyStore.PrivateKeyEntry(keys.getPrivate(),
                    new X509Certificate[]{certificate}), new KeyStore.PasswordProtection(password,
                    "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, KEY_WRAP_ROUNDS)));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up the sandbox's TLS: " + e.getMessage(), e);
        }
    }

    /** The certificate as PEM, base64-encoded again, as a kubeconfig's {@code certificate-authority-data} holds it. */
    String authorityData() {
        return Base64.getEncoder().encodeToString(PemEncoding.certificates(List.of(certificate))
                .getBytes(StandardCharsets.US_ASCII));
    }
}
