package dev.ingresslab.route;

import dev.ingresslab.tls.TlsCertificate;

import java.util.Optional;

/**
 * The line {@code explain} gives about TLS for a request's host: which certificate the https listener presents for
 * it and from which Secret and Ingress, or why it has none of its own; and whether plain HTTP is redirected. It reads
 * the same secure hosts the SNI key manager reads, so the two cannot disagree.
 */
final class TlsExplanation {

    private TlsExplanation() {
    }

    /** The TLS line for a normalised host, or empty when no secure host names it. */
    static Optional<String> of(RouteTable table, String host) {
        if (host == null || host.isEmpty() || host.charAt(0) == '[') {
            return Optional.empty();
        }
        return table.secureVirtualHostFor(host).map(secure -> line(table, host, secure));
    }

    private static String line(RouteTable table, String host, SecureVirtualHost secure) {
        boolean gateway = secure.origin().kind().equals("Gateway");
        String from = (gateway ? "spec.listeners[" : "spec.tls[") + secure.origin().ruleIndex() + "] of "
                + secure.origin().kindAndName()
                + (secure.wildcard() ? " (wildcard " + secure.host() + ")" : "");
        StringBuilder line = new StringBuilder("tls: ");
        if (secure.certificate().isPresent()) {
            TlsCertificate certificate = secure.certificate().get();
            line.append(host).append(" is served on https with the certificate of the Secret ")
                    .append(certificate.source().display()).append(" (names ")
                    .append(String.join(", ", certificate.dnsNames())).append("; valid ")
                    .append(certificate.notBefore()).append(" to ").append(certificate.notAfter())
                    .append("; SHA-256 ").append(certificate.sha256Fingerprint()).append("), from ").append(from);
            for (int i = 1; i < secure.certificates().size(); i++) {
                TlsCertificate other = secure.certificates().get(i);
                line.append(i == 1 ? "; also, for clients that ask for its key type or names: " : ", ")
                        .append(other.source().display()).append(" (")
                        .append(other.privateKey().getAlgorithm().equals("EC") ? "ECDSA"
                                : other.privateKey().getAlgorithm())
                        .append(", names ").append(String.join(", ", other.dnsNames())).append(")");
            }
            if (!secure.problem().isEmpty()) {
                line.append("; but ").append(secure.problem());
            }
        } else {
            line.append(host).append(" is secure by ").append(from).append(" but has no certificate of its own (")
                    .append(secure.problem().isEmpty() ? "none given" : secure.problem())
                    .append("): the https listener presents its fallback certificate, as ingress-nginx presents its"
                            + " default one");
        }
        if (secure.origin().kind().equals("Gateway")) {
            line.append("; plain HTTP is redirected to https only by an HTTPRoute rule's RequestRedirect (a Gateway"
                    + " listener does not redirect by itself)");
        } else if (table.httpsPort() > 0) {
            line.append("; plain HTTP is redirected to https:").append(table.httpsPort())
                    .append(" unless the route's Ingress sets ssl-redirect: \"false\"");
        } else {
            line.append("; this proxy has no https listener, so plain HTTP is served");
        }
        return line.toString();
    }
}
