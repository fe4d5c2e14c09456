package dev.ingresslab.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

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
     * The {@code CERTIFICATE} blocks of {@code pem}, in order; other blocks are skipped.
     *
     * @throws IllegalArgumentException when the text holds a block that cannot be read, or no certificate at all
     */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not readable as PEM certificates: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no -----BEGIN CERTIFICATE----- block");
        }
        return List.copyOf(certificates);
    }

    /**
     * The first private key of {@code pem} (PKCS#8, SEC1 EC or PKCS#1 RSA).
     *
     * @throws IllegalArgumentException when there is none, or it is encrypted or cannot be read
     */
    public static PrivateKey readPrivateKey(String pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not readable as a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no unencrypted -----BEGIN PRIVATE KEY----- block");
    }
}
