package dev.ingresslab.tls;

import io.fabric8.kubernetes.api.model.Secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code kubernetes.io/tls} Secret into a {@link TlsCertificate}, refusing what a controller cannot serve,
 * with a message that says which key is wrong and how to fix it.
 *
 * <p>What is read is what {@code kubectl create secret tls} writes and what ingress-nginx accepts (it loads the pair
 * with Go's {@code tls.X509KeyPair}): {@code tls.crt} holds PEM {@code CERTIFICATE} blocks, the server's own first
 * and then its intermediates; {@code tls.key} holds the server's private key, unencrypted, as PKCS#1
 * ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}, with or without an {@code EC PARAMETERS} block) or PKCS#8
 * ({@code PRIVATE KEY}); RSA and EC keys. In a Secret the values are base64 under {@code data}; a manifest's
 * {@code stringData} (plain text, merged into {@code data} by the API server) is read too.
 *
 * <p>Reasons thrown ({@link TlsSecretException#reason()}): {@code TLSSecretWrongType}, {@code TLSSecretMissingKey},
 * {@code TLSSecretBadPem}, {@code TLSKeyMismatch}. Validity dates and host names are the caller's to check: they
 * depend on the clock and on the Ingress.
 */
public final class TlsCertificates {

    /** The Secret type of a TLS Secret (Kubernetes API, {@code core/v1} {@code SecretTypeTLS}). */
    public static final String TLS_TYPE = "kubernetes.io/tls";
    public static final String CERT_KEY = "tls.crt";
    public static final String KEY_KEY = "tls.key";

    private TlsCertificates() {
    }

    /**
     * Reads a TLS Secret.
     *
     * @throws TlsSecretException when the Secret is not of type {@code kubernetes.io/tls}, lacks {@code tls.crt}
     *                            or {@code tls.key}, holds bad PEM or base64, or a key that is not the leaf's
     */
    public static TlsCertificate fromSecret(Secret secret) throws TlsSecretException {
        SecretRef ref = new SecretRef(secret.getMetadata().getNamespace() == null ? "default"
                : secret.getMetadata().getNamespace(), secret.getMetadata().getName());
        if (!TLS_TYPE.equals(secret.getType())) {
            throw new TlsSecretException("TLSSecretWrongType", "the Secret " + ref.display() + " is of type "
                    + (secret.getType() == null ? "Opaque (none given)" : secret.getType()) + ", not " + TLS_TYPE
                    + ": make it with `kubectl create secret tls " + ref.name() + " -n " + ref.namespace()
                    + " --cert=cert.pem --key=key.pem`");
        }
        byte[] cert = value(secret, ref, CERT_KEY);
        byte[] key = value(secret, ref, KEY_KEY);
        Map<String, String> labels = secret.getMetadata().getLabels();
        boolean ours = labels != null && TlsCertificate.MANAGED_BY_VALUE.equals(labels.get(TlsCertificate.MANAGED_BY_LABEL));
        return fromPem(cert, key, ref, ours);
    }

    /**
     * Reads a certificate chain and its key from PEM text.
     *
     * @param certPem the {@code tls.crt} bytes (PEM, UTF-8 or ASCII)
     * @param keyPem  the {@code tls.key} bytes
     * @throws TlsSecretException {@code TLSSecretBadPem} or {@code TLSKeyMismatch}
     */
    public static TlsCertificate fromPem(byte[] certPem, byte[] keyPem, SecretRef source, boolean ours)
            throws TlsSecretException {
        List<X509Certificate> chain = readChain(certPem, source);
        PrivateKey key = readKey(keyPem, source);
        X509Certificate leaf = chain.get(0);
        if (!pairs(key, leaf.getPublicKey())) {
            throw new TlsSecretException("TLSKeyMismatch", mismatch(key, chain, source));
        }
        return new TlsCertificate(chain, key, namesOf(leaf), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(), fingerprint(leaf), source, ours);
    }

    /** The SHA-256 of a certificate's DER, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] value(Secret secret, SecretRef ref, String key) throws TlsSecretException {
        String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
        if (plain != null && !plain.isEmpty()) {
            return plain.getBytes(StandardCharsets.UTF_8);
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null || encoded.isEmpty()) {
            throw new TlsSecretException("TLSSecretMissingKey", "the Secret " + ref.display() + " has no " + key
                    + (secret.getData() == null || secret.getData().isEmpty() ? " (it has no data at all)"
                    : " (it has " + String.join(", ", secret.getData().keySet()) + ")")
                    + ": a TLS Secret holds the certificate in tls.crt and its key in tls.key; make it with `kubectl"
                    + " create secret tls " + ref.name() + " -n " + ref.namespace() + " --cert=cert.pem --key=key.pem`");
        }
        try {
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new TlsSecretException("TLSSecretBadPem", "the Secret " + ref.display() + "'s " + key
                    + " is not valid base64 (" + e.getMessage() + "): values under data are base64 of the PEM file;"
                    + " put plain PEM under stringData instead");
        }
    }

    private static List<X509Certificate> readChain(byte[] pem, SecretRef ref) throws TlsSecretException {
        try {
            return PemEncoding.readCertificates(new String(pem, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw badPem(ref, CERT_KEY, e.getMessage());
        }
    }

    private static PrivateKey readKey(byte[] pem, SecretRef ref) throws TlsSecretException {
        try {
            return PemEncoding.readPrivateKey(new String(pem, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw badPem(ref, KEY_KEY, e.getMessage());
        }
    }

    /**
     * Whether the private key is the one of {@code publicKey}: a short message signed with it must verify with the
     * certificate's key. Works for RSA and EC alike, without reaching into key encodings. The one pairing check: a
     * Secret's {@code tls.key} and {@code tls.crt}, the local CA's key and certificate.
     */
    public static boolean pairs(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "ingress-lab key pairing probe".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key on another curve than the certificate's
        }
    }

    private static String mismatch(PrivateKey key, List<X509Certificate> chain, SecretRef ref) {
        X509Certificate leaf = chain.get(0);
        String head = "the Secret " + ref.display() + "'s tls.key is not the key of its certificate ("
                + leaf.getSubjectX500Principal().getName() + ")";
        if (!key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
            return head + ": tls.key is an " + key.getAlgorithm() + " key, the certificate's is "
                    + leaf.getPublicKey().getAlgorithm() + "; put the key the certificate was issued for in tls.key";
        }
        for (int i = 1; i < chain.size(); i++) {
            if (pairs(key, chain.get(i).getPublicKey())) {
                return head + ": it is the key of certificate " + (i + 1) + " in tls.crt; the server's own"
                        + " certificate must come first, its intermediates after it";
            }
        }
        return head + "; check them with `openssl x509 -noout -pubkey -in cert.pem` and `openssl pkey -pubout -in"
                + " key.pem` (the two must print the same key)";
    }

    private static List<String> namesOf(X509Certificate leaf) throws TlsSecretException {
        try {
            return dnsNames(leaf);
        } catch (CertificateParsingException e) {
            throw new TlsSecretException("TLSSecretBadPem", "the certificate's subjectAltName cannot be read: "
                    + PemEncoding.describe(e));
        }
    }

    /**
     * The {@code dNSName} entries of a certificate's subjectAltName (RFC 5280 §4.2.1.6), in order, canonical ({@link
     * HostNames#canonical}: lower case, no trailing dot); wildcards as written. The one reader of a certificate's
     * names.
     *
     * @throws CertificateParsingException when the extension cannot be decoded
     */
    public static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        for (List<?> entry : alternatives == null ? List.<List<?>>of() : alternatives) {
            if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String name) {
                names.add(HostNames.canonical(name));
            }
        }
        return names;
    }

    private static TlsSecretException badPem(SecretRef ref, String key, String what) {
        return new TlsSecretException("TLSSecretBadPem", "the Secret " + ref.display() + "'s " + key + " " + what);
    }
}
