package dev.ingresslab.core.tls;

import dev.ingresslab.route.Origin;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.local.LeafPolicy;
import dev.ingresslab.tls.local.LocalCa;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One secure host of the route table in force and the certificate its handshakes get (issue #16 §8): what the TLS
 * pane lists and the CLI could print. Built from {@link RouteTable#secureVirtualHosts()} and {@link
 * RouteTable#secureAnyHost()}, which already hold the certificates the TLS processor read from the Secrets.
 *
 * @param host        the secure host as the Ingress's {@code spec.tls[].hosts} or the Gateway listener's {@code
 *                    hostname} writes it ({@code *.example.com} too); {@code ""} for a Gateway HTTPS listener without
 *                    a {@code hostname}, which serves every name no other secure host has ({@link #anyName()})
 * @param origin      the Ingress {@code spec.tls} entry or the Gateway listener that made it secure
 * @param secret      the Secret its certificate was read from, {@code namespace/name}; empty when it has none of its
 *                    own (then {@link #problem} says why, and the listener presents its fallback certificate)
 * @param issuer      the leaf's issuer, RFC 2253 form; empty without a certificate
 * @param ourCa       whether the leaf was signed by this machine's local CA
 * @param names       the leaf's subjectAltName DNS names
 * @param notAfter    the end of the leaf's validity; empty without a certificate
 * @param daysLeft    whole days from now until {@code notAfter} (negative once expired; 0 without a certificate)
 * @param renewalDue  whether the certificate is ours and due for renewal ({@link LeafPolicy#renewalDue})
 * @param problem     the TLS processor's words about this host (missing Secret, expired, SAN not covering, …);
 *                    empty when there is nothing to say
 */
public record HostCertificate(String host, Origin origin, String secret, String issuer, boolean ourCa,
                              List<String> names, Optional<Instant> notAfter, long daysLeft, boolean renewalDue,
                              String problem) {

    public HostCertificate {
        Objects.requireNonNull(host);
        Objects.requireNonNull(origin);
        Objects.requireNonNull(secret);
        Objects.requireNonNull(issuer);
        names = List.copyOf(names);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(problem);
    }

    /**
     * A row per certificate of each secure host of {@code table}, in the table's order: a host without one gets one
     * row saying so, and a Gateway HTTPS listener whose {@code tls.certificateRefs} name several (one per key type,
     * Gateway API spec, GatewayTLSConfig) gets a row for each, in the listener's order, all under the same host. The
     * rows of a Gateway HTTPS listener without {@code hostname} (it serves any SNI name the others do not: Gateway API
     * spec, {@code Listener.hostname}) come last, as the table tries it last.
     *
     * @param ca  the local CA, when there is one: tells which leaves are ours
     * @param now the moment days left are counted from
     */
    public static List<HostCertificate> of(RouteTable table, Optional<LocalCa> ca, Instant now) {
        return java.util.stream.Stream.concat(table.secureVirtualHosts().stream(), table.secureAnyHost().stream())
                .flatMap(secure -> secure.certificates().isEmpty()
                        ? java.util.stream.Stream.of(new HostCertificate(secure.host(), secure.origin(), "", "", false,
                                List.of(), Optional.empty(), 0, false, secure.problem()))
                        : secure.certificates().stream().map(certificate -> of(secure, certificate, ca, now))).toList();
    }

    private static HostCertificate of(SecureVirtualHost secure, TlsCertificate certificate, Optional<LocalCa> ca,
                                      Instant now) {
        boolean ours = ca.isPresent() && ca.get().issued(certificate.leaf());
        long days = Duration.between(now, certificate.notAfter()).toDays();
        boolean due = ours && LeafPolicy.renewalDue(certificate.leaf(), now);
        return new HostCertificate(secure.host(), secure.origin(), certificate.source().display(), certificate.issuer(), ours,
                certificate.dnsNames(), Optional.of(certificate.notAfter()), days, due, secure.problem());
    }

    /** Whether the row is a Gateway HTTPS listener's without {@code hostname}: it serves any name. */
    public boolean anyName() {
        return host.isEmpty();
    }

    /** The host, or {@code any name (listener without hostname)} for {@link #anyName()}. */
    public String hostDisplay() {
        return anyName() ? "any name (listener without hostname)" : host;
    }

    /**
     * The object that made the host secure, kind first ({@code Ingress default/tls-ingress}), with the listener for a
     * Gateway ({@code Gateway default/lab listener 1}, the index in {@code spec.listeners}).
     */
    public String from() {
        return origin.kind().equals("Gateway") ? origin.displayWithKind() : origin.kindAndName();
    }

    /** {@code 2028-03-04 (824 days left)}, {@code expired 3 days ago}, or empty without a certificate. */
    public String expiry() {
        if (notAfter.isEmpty()) {
            return "";
        }
        String date = notAfter.get().toString().substring(0, 10);
        if (daysLeft < 0) {
            return date + " (expired " + -daysLeft + (daysLeft == -1 ? " day" : " days") + " ago)";
        }
        return date + " (" + daysLeft + (daysLeft == 1 ? " day" : " days") + " left" + (renewalDue ? ", renewal due"
                : "") + ")";
    }

    /** Whether Ingress Lab should issue for this host: it has no certificate, or ours is due. */
    public boolean wantsIssuing() {
        return notAfter.isEmpty() || renewalDue;
    }
}
