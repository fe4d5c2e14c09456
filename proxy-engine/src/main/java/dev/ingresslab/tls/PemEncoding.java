package dev.ingresslab.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM text (RFC 7468) of certificates and private keys, as {@code openssl}, {@code kubectl create secret tls} and
 * browsers' importers read it: {@code CERTIFICATE} blocks, and keys as PKCS#8 {@code PRIVATE KEY}. Reading accepts
 * PKCS#8 and the OpenSSL forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}) as Go's {@code tls.X509KeyPair}
 * does. Bouncy Castle's PEM reader and writer do the work.
 */
public final class PemEncoding {

    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private PemEncoding() {
    }

    /** The certificates as consecutive {@code CERTIFICATE} blocks, in the order given (a chain: leaf first). */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** The key as one PKCS#8 {@code PRIVATE KEY} block, unencrypted. */
    public static String privateKey(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the private key: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /**
     * The {@code CERTIFICATE} blocks of {@code pem}, in order (a chain: leaf first). The one reading path for
     * certificates: Secrets' {@code tls.crt} ({@link TlsCertificates}), the local CA's {@code ca.pem}, the system's
     * CA bundle.
     *
     * @throws IllegalArgumentException when the text holds no certificate, a block that is not one (a private key:
     *                                  "are tls.crt and tls.key swapped?"), or one that cannot be read; the message
     *                                  completes "the file …": {@code holds no PEM CERTIFICATE block …}
     */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(CERTIFICATES.getCertificate(holder));
                } else if (isKey(block)) {
                    throw new IllegalArgumentException("holds a private key where certificates belong; are tls.crt"
                            + " and tls.key swapped?");
                } else {
                    throw new IllegalArgumentException("holds a " + kind(block) + " where only CERTIFICATE blocks"
                            + " belong");
                }
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("is not valid PEM: " + describe(e), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("holds a CERTIFICATE block that is not an X.509 certificate: "
                    + describe(e), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("holds no PEM CERTIFICATE block (\"-----BEGIN CERTIFICATE-----\"); a"
                    + " DER file converts with `openssl x509 -inform der -in cert.der -out cert.pem`");
        }
        return List.copyOf(certificates);
    }

    /**
     * The first private key of {@code pem}: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}, its optional
     * public key absent or not, RFC 5915 §3) or PKCS#1 ({@code RSA PRIVATE KEY}); other blocks ({@code EC
     * PARAMETERS}, certificates) are skipped, as Go's {@code tls.X509KeyPair} skips them. RSA and EC keys only.
     *
     * @throws IllegalArgumentException when there is none, it is encrypted, of another algorithm, or unreadable; the
     *                                  message completes "the file …"
     */
    public static PrivateKey readPrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                PrivateKey key;
                if (block instanceof PEMKeyPair pair) {
                    key = KEYS.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (block instanceof PrivateKeyInfo info) {
                    key = KEYS.getPrivateKey(info);
                } else if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("holds an encrypted private key; a controller cannot ask for"
                            + " its passphrase: decrypt it with `openssl pkey -in key.pem -out key-plain.pem`");
                } else {
                    continue;
                }
                String algorithm = key.getAlgorithm();
                if (!algorithm.equals("RSA") && !algorithm.equals("EC")) {
                    throw new IllegalArgumentException("holds a " + algorithm + " key; only RSA and EC keys are"
                            + " served");
                }
                return key;
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("is not valid PEM: " + describe(e), e);
        }
        throw new IllegalArgumentException("holds no PEM private key block (\"-----BEGIN PRIVATE KEY-----\", \"RSA"
                + " PRIVATE KEY\" or \"EC PRIVATE KEY\")");
    }

    private static boolean isKey(Object block) {
        return block instanceof PEMKeyPair || block instanceof PrivateKeyInfo || block instanceof PEMEncryptedKeyPair
                || block instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static String kind(Object block) {
        if (block instanceof ASN1ObjectIdentifier) {
            return "EC PARAMETERS block";
        }
        String name = block.getClass().getSimpleName();
        return name.replace("Holder", "").replaceAll("([a-z])([A-Z])", "$1 $2") + " block";
    }

    /** The innermost message of a Bouncy Castle or JDK failure, for the user. */
    static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
