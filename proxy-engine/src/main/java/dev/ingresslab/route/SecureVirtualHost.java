package dev.ingresslab.route;

import dev.ingresslab.tls.HostNames;
import dev.ingresslab.tls.TlsCertificate;

import java.util.Objects;
import java.util.Optional;

/**
 * A host served on the {@code https} listener, with the certificate its TLS handshakes present (selected by SNI).
 * Its routes are those of the {@link VirtualHost} of the same name: SNI chooses the certificate, the Host header the
 * route (Kubernetes API, {@code IngressTLS.secretName}; ingress-semantics.md §7.2).
 *
 * @param host        the host as the Ingress's {@code spec.tls[].hosts} writes it, lower case; may be a one-label
 *                    wildcard {@code *.example.com}
 * @param certificate the certificate to present, or empty when the host is secure but has no usable certificate
 *                    of its own (no {@code secretName}, a missing or broken Secret, a certificate that does not
 *                    name the host): the listener then presents its fallback certificate, as ingress-nginx presents
 *                    its default one, and the diagnostics say why
 * @param origin      the Ingress {@code spec.tls} entry that made the host secure (its rule and path indexes are
 *                    the tls entry's index and 0)
 * @param problem     why the host has no certificate of its own, or what is wrong with the one it has (expired,
 *                    not yet valid, not trusted), in the diagnostic's words; empty when nothing is
 */
public record SecureVirtualHost(String host, Optional<TlsCertificate> certificate, Origin origin, String problem) {

    /** A secure host with nothing to say about its certificate. */
    public SecureVirtualHost(String host, Optional<TlsCertificate> certificate, Origin origin) {
        this(host, certificate, origin, "");
    }

    public SecureVirtualHost {
        Objects.requireNonNull(host);
        Objects.requireNonNull(certificate);
        Objects.requireNonNull(origin);
        problem = problem == null ? "" : problem;
        host = HostNames.canonical(host);
        if (host.indexOf('*') >= 0 && !HostNames.isWildcard(host)) {
            throw new IllegalArgumentException("a secure host is a name or a one-label wildcard (*.example.com): "
                    + host);
        }
    }

    /** Whether the host is a wildcard ({@code *.example.com}). */
    public boolean wildcard() {
        return host.startsWith("*.");
    }
}
