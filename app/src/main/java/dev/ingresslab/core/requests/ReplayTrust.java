package dev.ingresslab.core.requests;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What an https replay trusts: Ingress Lab's local CA (the {@code ca.pem} of the data directory, which issues the
 * chapter's Secrets and the fallback certificate) and this JDK's default CAs, for that send only; nothing is added
 * to any trust store. A certificate neither trusts fails the handshake, as it would for curl without {@code -k}.
 */
public final class ReplayTrust {

    private ReplayTrust() {
    }

    /**
     * A new TLS context for one replay (a new one each time: a reused context may resume a TLS 1.3 session and skip
     * the identity check, docs in ../shared/stack-notes.md).
     *
     * @param localCa the local CA's certificate (PEM); a missing file is trusted as no CA
     * @throws IOException when the file exists but holds no readable certificate; the message names it
     */
    public static SSLContext context(Path localCa) throws IOException {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
            own.load(null, null);
            int n = 0;
            for (X509Certificate certificate : certificates(localCa)) {
                own.setCertificateEntry("ingress-lab-" + n++, certificate);
            }
            if (n > 0) {
                managers.add(manager(own));
            }
            managers.add(manager(null));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrust(managers)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the replay: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        if (file == null) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (CertificateException e) {
            throw new IOException("the local CA " + file + " holds no readable certificate (" + e.getMessage()
                    + "); `ingress-lab tls` says how to make a new one", e);
        }
    }

    private static X509TrustManager manager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server chain when any of its managers does; reports the first manager's refusal otherwise. */
    private record EitherTrust(List<X509TrustManager> managers) implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException first = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a replay is a client: it checks no client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
