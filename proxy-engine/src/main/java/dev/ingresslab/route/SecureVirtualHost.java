package dev.ingresslab.route;

import dev.ingresslab.tls.HostNames;
import dev.ingresslab.tls.TlsCertificate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A host served on the {@code https} listener, with the certificates its TLS handshakes may present (selected by
 * SNI). Its routes are those of the {@link VirtualHost} of the same name: SNI chooses the certificate, the Host header
 * the route (Kubernetes API, {@code IngressTLS.secretName}; ingress-semantics.md §7.2).
 *
 * @param host         the host as the Ingress's {@code spec.tls[].hosts} or the Gateway listener's {@code hostname}
 *                     writes it, lower case; may be a one-label wildcard {@code *.example.com}, or {@code ""}
 *                     for a Gateway HTTPS listener without a hostname (every name no other secure host has)
 * @param certificates the certificates to present, in the order they were given: one for an Ingress; for a Gateway
 *                     listener, each valid Secret of its {@code tls.certificateRefs} (GEP-851: an RSA and an ECDSA
 *                     certificate, or certificates for different names), of which {@link #certificateFor} picks one
 *                     per handshake. Empty when the host is secure but has no usable certificate of its own (no
 *                     {@code secretName}, a missing or broken Secret, a certificate that does not name the host): the
 *                     listener then presents its fallback certificate, as ingress-nginx presents its default one, and
 *                     the diagnostics say why
 * @param origin       the Ingress {@code spec.tls} entry (its rule and path indexes are the tls entry's index and 0), or
 *                     the Gateway listener (rule index: the listener's index), that made the host secure
 * @param problem      why the host has no certificate of its own, or what is wrong with the one it has (expired, not
 *                     yet valid, not trusted), in the diagnostic's words; empty when nothing is
 */
public record SecureVirtualHost(String host, List<TlsCertificate> certificates, Origin origin, String problem) {

    /** A secure host with at most one certificate and nothing to say about it. */
    public SecureVirtualHost(String host, Optional<TlsCertificate> certificate, Origin origin) {
        this(host, certificate, origin, "");
    }

    /** A secure host with at most one certificate (an Ingress {@code tls} entry's). */
    public SecureVirtualHost(String host, Optional<TlsCertificate> certificate, Origin origin, String problem) {
        this(host, certificate.map(List::of).orElse(List.of()), origin, problem);
    }

    public SecureVirtualHost {
        Objects.requireNonNull(host);
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(origin);
        problem = problem == null ? "" : problem;
        host = HostNames.canonical(host);
        if (host.indexOf('*') >= 0 && !HostNames.isWildcard(host)) {
            throw new IllegalArgumentException("a secure host is a name or a one-label wildcard (*.example.com): "
                    + host);
        }
    }

    /** The first certificate, the one named first (an Ingress's only one), or empty when the host has none. */
    public Optional<TlsCertificate> certificate() {
        return certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(0));
    }

    /**
     * The certificate a handshake for {@code serverName} is given when the TLS stack asks for a key of type {@code
     * keyType}: of those whose key is of that type, the first whose names cover the server name, else the first; null
     * when none has a key of that type. JSSE asks once per key type the client's {@code signature_algorithms} (TLS
     * 1.3, RFC 8446 §4.2.3) or cipher suites (TLS 1.2) accept, in the client's order of preference, until one is
     * given: a client that prefers ECDSA gets the EC certificate, one that accepts only RSA signatures the RSA one.
     * It runs once per handshake, never per request.
     *
     * @param serverName the SNI host name, lower case
     * @param keyType    the key algorithm JSSE asks for ({@code EC}, {@code RSA}, {@code RSASSA-PSS}, {@code EdDSA})
     */
    public TlsCertificate certificateFor(String serverName, String keyType) {
        TlsCertificate first = null;
        for (int i = 0; i < certificates.size(); i++) {
            TlsCertificate candidate = certificates.get(i);
            if (!candidate.privateKey().getAlgorithm().equals(keyType)) {
                continue;
            }
            if (candidate.covers(serverName)) {
                return candidate;
            }
            if (first == null) {
                first = candidate;
            }
        }
        return first;
    }

    /** Whether the host is a wildcard ({@code *.example.com}). */
    public boolean wildcard() {
        return host.startsWith("*.");
    }
}
