package dev.ingresslab.tls;

import java.util.Objects;

/**
 * What an https connection was served, kept on its TLS session by the {@link SniKeyManager} at the handshake (once per
 * connection, never per request) for the request journal and the Requests view.
 *
 * @param serverName  the SNI host name the client asked for (RFC 6066 §3), or {@code ""} when it sent none
 * @param label       {@code default/alpaca-tls} (the Secret), or {@code fallback ingress-lab.invalid}
 * @param certificate the certificate presented: subject, SANs, issuer, validity and {@link TlsCertificate#source()}
 * @param fallback    true when no served Ingress had a certificate for the name: the fallback one was presented
 */
public record ServedCertificate(String serverName, String label, TlsCertificate certificate, boolean fallback) {

    public ServedCertificate {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(certificate, "certificate");
    }
}
