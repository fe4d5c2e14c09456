package dev.ingresslab.tls.local;

import dev.ingresslab.tls.PemEncoding;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A leaf certificate the local CA issued, with its key.
 *
 * @param certificate the leaf (SAN DNS names, serverAuth)
 * @param key         its private key; never printed ({@link #toString} leaves it out)
 * @param issuer      the local CA's certificate
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate);
        Objects.requireNonNull(key);
        Objects.requireNonNull(issuer);
    }

    /**
     * {@code tls.crt}: the leaf alone. The local CA is a root, the trust anchor the client already holds: a server
     * may leave it out of its chain (RFC 8446 §4.4.2), and {@code kubectl create secret tls} stores what it is given.
     */
    public String certificatePem() {
        return PemEncoding.certificates(List.of(certificate));
    }

    /** {@code tls.key}: the key as PKCS#8 PEM. */
    public String keyPem() {
        return PemEncoding.privateKey(key);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + ", key not shown]";
    }
}
