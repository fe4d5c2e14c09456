package dev.ingresslab.tls.local;

import dev.ingresslab.sandbox.AtomicFile;
import dev.ingresslab.tls.CertificateProfile;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.TlsSecretException;
import dev.ingresslab.tls.X509Issuer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local certificate authority: a root CA made on first use in the data directory, that signs the certificates of
 * the Ingresses' TLS hosts. {@code ca.pem} is its certificate (public: {@code curl --cacert} and the trust stores
 * read it); {@code ca-key.pem} its key, readable by the owner alone (0600), never copied elsewhere, never printed.
 * <p>
 * ECDSA P-256, named {@code Ingress Lab local CA — user@host}, valid 10 years, basicConstraints CA:true with pathLen
 * 0 (it signs leaves only) and keyUsage keyCertSign and cRLSign (RFC 5280 §4.2.1.9, §4.2.1.3), as mkcert's. Both
 * files are written atomically (key first, then certificate: a certificate on disk means the pair is complete), and
 * two processes creating it at once make one CA: they take the operating system's lock on {@code ca.lock} first.
 */
public final class LocalCa {

    public static final String CERTIFICATE_FILE = "ca.pem";
    public static final String KEY_FILE = "ca-key.pem";
    static final String LOCK_FILE = "ca.lock";
    /** The name of the {@link #fallbackCertificate()}. */
    public static final String FALLBACK_HOST = "ingress-lab.invalid";
    static final Duration LIFETIME = Duration.ofDays(3650);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** A JVM may not hold two locks on one file: threads of one process take this first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private LocalCa(Path directory, X509Certificate certificate, PrivateKey key) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * The CA of {@code directory}, made now when there is none.
     *
     * @param owner who it is for, in its name ({@link #defaultOwner()})
     * @throws LocalCaException when the files cannot be read or written, saying which and what to do
     */
    public static LocalCa loadOrCreate(Path directory, String owner) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                Optional<LocalCa> existing = load(directory);
                return existing.isPresent() ? existing.get() : create(directory, owner);
            }
        } catch (IOException e) {
            throw new LocalCaException("cannot set up the local CA in " + directory + ": " + e.getMessage()
                    + " (check that the folder is yours and writable)", e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /**
     * The CA of {@code directory}, or empty when none was made yet (or its making was cut short: a key without
     * its certificate).
     *
     * @throws LocalCaException when {@code ca.pem} is there but the pair cannot be used, saying how to start anew
     */
    public static Optional<LocalCa> load(Path directory) {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        String certificateText;
        try {
            certificateText = Files.readString(certificateFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unusable(certificateFile, "cannot be read: " + e.getMessage());
        }
        String keyText;
        try {
            keyText = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw unusable(certificateFile, "has no key beside it (" + keyFile + " is missing)");
        } catch (IOException e) {
            throw unusable(certificateFile, "has a key that cannot be read (" + keyFile + ": " + e.getMessage() + ")");
        }
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificate = PemEncoding.readCertificates(certificateText).get(0);
            key = PemEncoding.readPrivateKey(keyText);
        } catch (IllegalArgumentException e) {
            throw unusable(certificateFile, "or its key is damaged: " + e.getMessage());
        }
        if (!TlsCertificates.pairs(key, certificate.getPublicKey())) {
            throw unusable(certificateFile, "does not belong to the key " + keyFile);
        }
        keepOwnerOnly(keyFile);
        return Optional.of(new LocalCa(directory, certificate, key));
    }

    private static LocalCa create(Path directory, String owner) throws IOException {
        KeyPair keys = X509Issuer.newKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = X509Issuer.selfSigned(new CertificateProfile("Ingress Lab local CA — "
                + owner, "Ingress Lab local CA", List.of(), List.of(), now.minus(LeafPolicy.BACKDATE),
                now.plus(LIFETIME), true, false), keys);
        AtomicFile.write(directory.resolve(KEY_FILE), PemEncoding.privateKey(keys.getPrivate())
                .getBytes(StandardCharsets.US_ASCII), true);
        AtomicFile.write(directory.resolve(CERTIFICATE_FILE), PemEncoding.certificates(List.of(certificate))
                .getBytes(StandardCharsets.US_ASCII), false);
        return new LocalCa(directory, certificate, keys.getPrivate());
    }

    /** {@code user@host}, from the system's user name and host name. */
    public static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /**
     * A certificate for {@code hosts} (checked by {@link LeafPolicy#checkHosts}), valid from now for {@link
     * LeafPolicy#LIFETIME}, with a key of its own.
     *
     * @throws LocalCaException when the CA itself has expired
     */
    public IssuedCertificate issue(List<String> hosts) {
        return issue(hosts, Instant.now().minus(LeafPolicy.BACKDATE));
    }

    /** As {@link #issue(List)}, valid from {@code notBefore} (tests make old certificates). */
    IssuedCertificate issue(List<String> hosts, Instant notBefore) {
        List<String> names = LeafPolicy.checkHosts(hosts);
        Instant notAfter = notBefore.plus(LeafPolicy.LIFETIME);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant(); // never outlive the issuer (RFC 5280 §6.1.3)
        }
        if (!notAfter.isAfter(Instant.now())) {
            throw new LocalCaException("the local CA " + certificateFile() + " expired on "
                    + certificate.getNotAfter().toInstant() + ": move " + CERTIFICATE_FILE + " and " + KEY_FILE
                    + " aside, and Ingress Lab makes a new CA on next use (then run `ingress-lab tls trust` again)",
                    null);
        }
        KeyPair keys = X509Issuer.newKeyPair();
        X509Certificate leaf = X509Issuer.issue(new CertificateProfile(names.get(0), "Ingress Lab", names, List.of(),
                notBefore, notAfter, false, true), keys.getPublic(), certificate, key);
        return new IssuedCertificate(leaf, keys.getPrivate(), certificate);
    }

    /**
     * The https listener's certificate for names no secure host has and for handshakes without SNI, as
     * ingress-nginx's default ("fake") certificate: issued by this CA for {@value #FALLBACK_HOST} ({@code .invalid}
     * is reserved never to resolve, RFC 2606 §2), made anew for each listener, never stored. A client that checks
     * names refuses it, which is the point: an unknown name gets no certificate that claims it.
     */
    public TlsCertificate fallbackCertificate() {
        IssuedCertificate issued = issue(List.of(FALLBACK_HOST));
        try {
            return TlsCertificates.fromPem(issued.certificatePem().getBytes(StandardCharsets.US_ASCII),
                    issued.keyPem().getBytes(StandardCharsets.US_ASCII), new SecretRef("ingress-lab", FALLBACK_HOST),
                    true);
        } catch (TlsSecretException e) {
            throw new IllegalStateException("the fallback certificate just issued cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** Whether this CA signed {@code leaf}. */
    public boolean issued(X509Certificate leaf) {
        try {
            leaf.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The path of {@code ca.pem}, for {@code curl --cacert} and the trust stores. */
    public Path certificateFile() {
        return directory.resolve(CERTIFICATE_FILE);
    }

    /** The CA certificate as PEM. */
    public String certificatePem() {
        return PemEncoding.certificates(List.of(certificate));
    }

    /** The SHA-256 fingerprint of the CA certificate, upper-case hex pairs joined by colons, as browsers show it. */
    public String fingerprint() {
        return TlsCertificates.fingerprint(certificate);
    }

    @Override
    public String toString() {
        return "LocalCa[" + certificate.getSubjectX500Principal().getName() + ", " + certificateFile() + "]";
    }

    /** The key is ours: when someone widened its permissions, narrow them back to the owner's. */
    private static void keepOwnerOnly(Path keyFile) {
        try {
            if (!Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(keyFile, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: the folder's own protection stands
        }
    }

    private static LocalCaException unusable(Path certificateFile, String why) {
        return new LocalCaException("the local CA " + certificateFile + " " + why + ". Move " + CERTIFICATE_FILE
                + " and " + KEY_FILE + " out of " + certificateFile.getParent() + " to start with a new CA (run "
                + "`ingress-lab tls issue` again for each certificate and `ingress-lab tls trust` for the new CA)", null);
    }
}
