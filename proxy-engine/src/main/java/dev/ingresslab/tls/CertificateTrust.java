package dev.ingresslab.tls;

import java.util.Optional;

/**
 * Whether the clients on this machine (browsers, curl) would trust a certificate's issuer: the hook through which the
 * trust store work (the local CA, {@code tls trust}) adds its diagnostic {@code TLSCertificateNotTrusted} to the route
 * compiler's. Called once per certificate per compilation, off the request path; must not block on the network.
 */
@FunctionalInterface
public interface CertificateTrust {

    /** Trust is not checked: no diagnostic. */
    CertificateTrust NOT_CHECKED = certificate -> Optional.empty();

    /**
     * Why clients here would refuse the certificate's chain ("issued by Ingress Lab local CA, which this machine does
     * not trust yet: run ./ingress-lab tls trust"), or empty when they would accept it or it cannot be told.
     */
    Optional<String> distrust(TlsCertificate certificate);
}
