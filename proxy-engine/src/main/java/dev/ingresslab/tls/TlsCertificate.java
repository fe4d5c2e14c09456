package dev.ingresslab.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A server certificate ready to be served: read from a {@code kubernetes.io/tls} Secret by {@link TlsCertificates}.
 * Immutable; built once per change of the Secret and shared by every table that uses it.
 *
 * @param chain             the certificates of {@code tls.crt} in order, the leaf first (then its intermediates)
 * @param privateKey        the leaf's private key, from {@code tls.key} (RSA or EC)
 * @param dnsNames          the leaf's subjectAltName DNS names, lower case, as written ({@code *.example.com}
 *                          included); the Common Name is not read, as browsers and Go ignore it (RFC 6125 §6.4.4)
 * @param notBefore         the start of the leaf's validity
 * @param notAfter          the end of the leaf's validity
 * @param sha256Fingerprint the SHA-256 of the leaf's DER encoding, upper-case hex pairs separated by colons
 *                          ({@code AB:01:…}), as {@code openssl x509 -fingerprint -sha256} prints it
 * @param source            the Secret it was read from
 * @param ours              whether Ingress Lab issued it: the Secret carries the label
 *                          {@code app.kubernetes.io/managed-by: ingress-lab} ({@link #MANAGED_BY_LABEL})
 */
public record TlsCertificate(List<X509Certificate> chain, PrivateKey privateKey, List<String> dnsNames,
                             Instant notBefore, Instant notAfter, String sha256Fingerprint, SecretRef source,
                             boolean ours) {

    /** The label that marks a Secret Ingress Lab created (the Kubernetes recommended label). */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Its value on our Secrets. */
    public static final String MANAGED_BY_VALUE = "ingress-lab";

    public TlsCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs its leaf");
        }
        Objects.requireNonNull(privateKey);
        dnsNames = List.copyOf(dnsNames);
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(sha256Fingerprint);
        Objects.requireNonNull(source);
    }

    /** The server's own certificate, the first of the chain. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Whether a TLS client connecting to {@code host} accepts this certificate's names ({@link HostNames}). */
    public boolean covers(String host) {
        for (String name : dnsNames) {
            if (HostNames.matches(name, host)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code at} lies within notBefore..notAfter, both included (RFC 5280 §4.1.2.5). */
    public boolean isValidAt(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    /** The leaf's subject, RFC 2253 form ({@code CN=alpaca.example.com,O=…}). */
    public String subject() {
        return leaf().getSubjectX500Principal().getName();
    }

    /** The leaf's issuer, RFC 2253 form. */
    public String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }

    /** Whether the leaf is self-signed (its issuer is its subject): no browser trusts it without an exception. */
    public boolean selfSigned() {
        return leaf().getIssuerX500Principal().equals(leaf().getSubjectX500Principal());
    }

    @Override
    public String toString() {
        return "TlsCertificate[" + source.display() + " " + dnsNames + " until " + notAfter + " " + sha256Fingerprint
                + (ours ? " ours" : "") + "]";
    }
}
