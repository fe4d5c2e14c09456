package dev.ingresslab.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Signs certificates with Bouncy Castle: EC P-256 keys and ECDSA with SHA-256, as browsers and the CA/Browser Forum
 * baseline requirements accept them. One place for every certificate Ingress Lab makes: the local CA, its leaf
 * certificates and the sandbox API server's own.
 */
public final class X509Issuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private X509Issuer() {
    }

    /** A new EC key pair on the P-256 curve (secp256r1). */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A self-signed certificate of {@code profile} for {@code keys}: a root CA, or a self-signed server. */
    public static X509Certificate selfSigned(CertificateProfile profile, KeyPair keys) {
        return sign(profile, keys.getPublic(), null, keys.getPrivate());
    }

    /**
     * A certificate of {@code profile} for {@code subjectKey}, signed by {@code issuer} with {@code issuerKey}; its
     * authorityKeyIdentifier names the issuer's key (RFC 5280 §4.2.1.1), which path building needs.
     */
    public static X509Certificate issue(CertificateProfile profile, PublicKey subjectKey, X509Certificate issuer,
                                        PrivateKey issuerKey) {
        return sign(profile, subjectKey, issuer, issuerKey);
    }

    private static X509Certificate sign(CertificateProfile profile, PublicKey subjectKey, X509Certificate issuer,
                                        PrivateKey issuerKey) {
        try {
            X500Name subject = name(profile);
            X500Name issuerName = issuer == null ? subject : new JcaX509CertificateHolder(issuer).getSubject();
            // RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B baseline: at least 64 bits from a CSPRNG.
            BigInteger serial = new BigInteger(159, RANDOM).setBit(0);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(profile.notBefore()), Date.from(profile.notAfter()), subject, subjectKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true,
                    profile.authority() ? new BasicConstraints(0) : new BasicConstraints(false));
            // A TLS server signs its handshake (digitalSignature); a CA signs certificates and CRLs. A self-signed
            // server that is its own trust anchor (the sandbox's API server) does both.
            int usage = profile.authority() ? KeyUsage.keyCertSign | KeyUsage.cRLSign : 0;
            if (!profile.authority() || profile.serverAuth()) {
                usage |= KeyUsage.digitalSignature;
            }
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (profile.serverAuth()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                    ? extensions.createAuthorityKeyIdentifier(subjectKey)
                    : extensions.createAuthorityKeyIdentifier(issuer));
            List<GeneralName> names = new ArrayList<>();
            profile.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            profile.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign the certificate " + profile.commonName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static X500Name name(CertificateProfile profile) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        if (profile.organization() != null) {
            name.addRDN(BCStyle.O, profile.organization());
        }
        return name.addRDN(BCStyle.CN, profile.commonName()).build();
    }
}
