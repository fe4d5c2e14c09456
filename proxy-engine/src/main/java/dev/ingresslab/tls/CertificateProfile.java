package dev.ingresslab.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an X.509 certificate says, before it is signed (RFC 5280 §4.1): its subject, its names, its validity and what
 * it may be used for. {@link X509Issuer} turns a profile into a certificate.
 *
 * @param commonName  the subject's CN (browsers ignore it for names: the SAN decides, RFC 6125 §6.4.4)
 * @param organization the subject's O, or null for none
 * @param dnsNames    subjectAltName DNS names ({@code *.example.com} allowed), in order
 * @param ipAddresses subjectAltName IP addresses (literal, {@code 127.0.0.1}, {@code ::1})
 * @param notBefore   start of validity (inclusive)
 * @param notAfter    end of validity (inclusive, RFC 5280 §4.1.2.5)
 * @param authority   a CA: basicConstraints CA:true with pathLen 0, keyUsage keyCertSign and cRLSign
 *                    (RFC 5280 §4.2.1.9, §4.2.1.3), plus digitalSignature when it serves TLS itself; else an end
 *                    entity: CA:false, keyUsage digitalSignature
 * @param serverAuth  extendedKeyUsage id-kp-serverAuth (RFC 5280 §4.2.1.12; required by browsers for TLS servers)
 */
public record CertificateProfile(String commonName, String organization, List<String> dnsNames,
                                 List<String> ipAddresses, Instant notBefore, Instant notAfter, boolean authority,
                                 boolean serverAuth) {

    public CertificateProfile {
        Objects.requireNonNull(commonName, "commonName");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a certificate must end after it starts: " + notBefore + " .. "
                    + notAfter);
        }
    }
}
