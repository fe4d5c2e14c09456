package dev.ingresslab.tls.trust;

import dev.ingresslab.tls.CertificateTrust;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.LocalCaException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The route compiler's {@link CertificateTrust} on this machine: whether the clients here would trust the CA a served
 * certificate's chain ends in (diagnostic {@code TLSCertificateNotTrusted}, issue #16).
 * <ul>
 *   <li>A certificate of the local CA (the data directory's {@code ca.pem}) is distrusted when a trust store present
 *   here (macOS login keychain, Linux system store, NSS databases) says the CA is not in it; the fix is
 *   {@code ./ingress-lab tls trust}. A store that cannot tell (no {@code certutil}) is left out.</li>
 *   <li>Any other certificate is distrusted when the system's CA bundle ({@code /etc/ssl/certs/ca-certificates.crt} and
 *   its Fedora and BSD equivalents, which curl and most tools read) holds no root it chains to: by fingerprint for a
 *   self-signed certificate, else by the last certificate's issuer name and signature. Without a readable bundle
 *   (macOS) nothing is said of such certificates.</li>
 * </ul>
 * Cheap by construction: the stores are read once into an immutable {@link Snapshot} (at {@link #load}, off the
 * compile), verdicts are cached per snapshot by the SHA-256 fingerprint of the chain's last certificate, and a
 * compile only compares the stores' file stamps (modification time and size) with the snapshot's; when they differ,
 * the stores are read again on a background thread (the commands {@code certutil} and {@code security} run there,
 * never inside a compile), that compile says nothing of trust, and the next one uses the new snapshot.
 */
public final class MachineTrust implements CertificateTrust {

    /** The CA bundles the system's TLS clients read, first present wins (Debian, Fedora, Alpine/BSD). */
    public static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));

    /** One shared thread for every instance's re-reads, ended when idle so that it keeps no JVM alive. */
    private static final Executor REFRESH = refreshExecutor();

    private final Path dataDirectory;
    private final Supplier<List<TrustStore>> stores;
    private final List<Path> bundles;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;

    /**
     * What the stores said, read once: the local CA and the stores that do not hold it, the system's roots, and the
     * verdicts given since (by fingerprint of the chain's last certificate).
     *
     * @param stores       the stores present when read
     * @param stamp        their files' stamps when read
     * @param ca           the local CA, when there is one
     * @param storeNames   the names of the stores present
     * @param caMissingIn  the names of the stores that said the local CA is not in them
     * @param bundle       the system bundle read, or null when there is none
     * @param systemRoots  its certificates
     */
    record Snapshot(List<TrustStore> stores, List<String> stamp, Optional<LocalCa> ca, List<String> storeNames, List<String> caMissingIn,
                    Path bundle, List<X509Certificate> systemRoots, Map<String, Optional<String>> verdicts) {
    }

    MachineTrust(Path dataDirectory, Supplier<List<TrustStore>> stores, List<Path> bundles) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory);
        this.stores = Objects.requireNonNull(stores);
        this.bundles = List.copyOf(bundles);
    }

    /**
     * Reads this machine's stores now (run at a session's start, before its first compile; it may run {@code
     * certutil} and {@code security}, a few tens of milliseconds each).
     *
     * @param dataDirectory the data directory whose {@code ca.pem} is the local CA
     */
    public static MachineTrust load(Path dataDirectory) {
        return load(dataDirectory, TrustStores::ofThisMachine, SYSTEM_BUNDLES);
    }

    /** As {@link #load(Path)}, with the stores and bundles given (tests: a temporary anchors folder, NSS database). */
    static MachineTrust load(Path dataDirectory, Supplier<List<TrustStore>> stores, List<Path> bundles) {
        MachineTrust trust = new MachineTrust(dataDirectory, stores, bundles);
        trust.snapshot = trust.read();
        return trust;
    }

    @Override
    public Optional<String> distrust(TlsCertificate certificate) {
        Snapshot current = snapshot;
        if (!current.stamp().equals(stamp(current.stores()))) {
            // the stores (or the local CA) changed since they were read: say nothing rather than something stale
            // (a CA made since would be judged a stranger) until the re-read, off this thread, is in
            refreshInBackground();
            return Optional.empty();
        }
        X509Certificate top = certificate.chain().get(certificate.chain().size() - 1);
        return current.verdicts().computeIfAbsent(TlsCertificates.fingerprint(top), key -> verdict(current, top));
    }

    /** Reads the stores again now, on the caller's thread (tests, and after {@code tls trust} in the window). */
    public void refresh() {
        snapshot = read();
    }

    private void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            REFRESH.execute(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    private static Optional<String> verdict(Snapshot snapshot, X509Certificate top) {
        if (snapshot.ca().isPresent()) {
            LocalCa ca = snapshot.ca().get();
            if (top.equals(ca.certificate()) || ca.issued(top)) {
                return localCaVerdict(snapshot, ca);
            }
        }
        if (snapshot.bundle() == null) {
            return Optional.empty(); // no system bundle to judge by (macOS keeps its roots in the keychain)
        }
        for (X509Certificate root : snapshot.systemRoots()) {
            if (root.equals(top) || (root.getSubjectX500Principal().equals(top.getIssuerX500Principal())
                    && signedBy(top, root))) {
                return Optional.empty();
            }
        }
        String issuer = top.getIssuerX500Principal().getName();
        return Optional.of("it is issued by " + issuer + ", which is not among this machine's trusted roots ("
                + snapshot.bundle() + "): browsers and curl refuse it unless given that CA. For a local name, issue"
                + " a certificate of Ingress Lab's local CA instead (`./ingress-lab tls issue HOST`) and trust it"
                + " (`./ingress-lab tls trust`)");
    }

    private static Optional<String> localCaVerdict(Snapshot snapshot, LocalCa ca) {
        if (snapshot.storeNames().isEmpty()) {
            return Optional.of("it is issued by Ingress Lab's local CA, and this machine has no trust store Ingress Lab"
                    + " can add it to: give clients the CA (`curl --cacert \"$(./ingress-lab tls ca --path)\"`)");
        }
        if (snapshot.caMissingIn().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("it is issued by Ingress Lab's local CA (SHA-256 " + ca.fingerprint() + "), which "
                + String.join(", ", snapshot.caMissingIn()) + (snapshot.caMissingIn().size() == 1 ? " does" : " do")
                + " not trust yet: browsers there refuse it; run `./ingress-lab tls trust`");
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Snapshot read() {
        List<TrustStore> present = List.copyOf(stores.get());
        List<String> stamp = stamp(present);
        Optional<LocalCa> ca;
        try {
            ca = LocalCa.load(dataDirectory);
        } catch (LocalCaException e) {
            ca = Optional.empty(); // a damaged CA is reported where it is used (tls ca, issue), not here
        }
        List<String> names = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TrustStore store : present) {
            names.add(store.name());
            if (ca.isPresent() && store.status(ca.get()).state() == TrustStep.State.NOT_TRUSTED) {
                missing.add(store.name());
            }
        }
        Path bundle = null;
        List<X509Certificate> roots = List.of();
        for (Path candidate : bundles) {
            if (Files.isReadable(candidate)) {
                try {
                    roots = PemEncoding.readCertificates(Files.readString(candidate, StandardCharsets.US_ASCII));
                    bundle = candidate;
                    break;
                } catch (IOException | IllegalArgumentException e) {
                    // unreadable: try the next, and without any say nothing of other CAs
                }
            }
        }
        return new Snapshot(present, stamp, ca, List.copyOf(names), List.copyOf(missing), bundle, roots,
                new ConcurrentHashMap<>());
    }

    /** The modification time and size of every file the stores' content comes from, as comparable text. */
    private List<String> stamp(List<TrustStore> present) {
        List<Path> files = new ArrayList<>(bundles);
        files.add(dataDirectory.resolve(LocalCa.CERTIFICATE_FILE));
        for (TrustStore store : present) {
            files.addAll(store.files());
        }
        List<String> stamp = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                stamp.add(file + " " + Files.getLastModifiedTime(file).toMillis() + " " + Files.size(file));
            } catch (IOException e) {
                stamp.add(file + " absent");
            }
        }
        return stamp;
    }

    private static Executor refreshExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "trust-stores");
                    thread.setDaemon(true);
                    return thread;
                });
        return executor;
    }
}
