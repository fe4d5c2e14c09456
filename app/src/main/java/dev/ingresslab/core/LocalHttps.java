package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.TlsListener;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.LocalCaException;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTPS listener of {@code demo}, {@code up}, {@code serve} and the window: SNI over the certificates of the
 * route table in force, and for names no Ingress covers (or handshakes without SNI) the fallback certificate of
 * the local CA of the data directory, which is made on first use ({@link LocalCa#loadOrCreate}). As
 * ingress-nginx's default server answers with its "Fake Certificate" for unknown names.
 */
public final class LocalHttps {

    private static final String WITHOUT_HTTPS = "; or start without HTTPS with --https-port off";

    private LocalHttps() {
    }

    /**
     * {@code settings} with an HTTPS listener on {@code port} (0: any free one), the local CA loaded or made now.
     *
     * @param dataDirectory where the local CA lives ({@code ca.pem}, {@code ca-key.pem})
     * @throws LocalCaException when the CA cannot be read or made, saying which file and what to do (the message
     *                          adds that {@code --https-port off} starts without HTTPS)
     */
    public static ProxySettings on(ProxySettings settings, Path dataDirectory, int port) {
        try {
            return settings.withHttps(TlsListener.sni(port, fallback(dataDirectory)));
        } catch (LocalCaException e) {
            throw withoutHttps(e);
        }
    }

    /**
     * As {@link #on}, the local CA loaded or made on a thread of its own, from now on, while the session starts (a
     * sandbox takes seconds, and the CA's CPU, mostly Bouncy Castle's classes, then runs beside it: docs/benchmarks.md,
     * "Session 12: time to ready"): the same files in the same place, ready before the proxy listens, which waits for
     * them. A CA that cannot be read or made fails the proxy's start ({@link dev.ingresslab.proxy.ProxyStartException})
     * with {@link #on}'s message.
     *
     * @param dataDirectory where the local CA lives ({@code ca.pem}, {@code ca-key.pem})
     */
    public static ProxySettings whileStarting(ProxySettings settings, Path dataDirectory, int port) {
        CompletableFuture<TlsCertificate> made = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                made.complete(fallback(dataDirectory));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        }, "local-ca");
        maker.setDaemon(true); // its files are written whole or not at all (AtomicFile): an exit cannot cut one
        maker.start();
        return settings.withHttps(TlsListener.sni(port, () -> {
            try {
                return made.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof LocalCaException cause ? withoutHttps(cause) : e;
            }
        }));
    }

    private static TlsCertificate fallback(Path dataDirectory) {
        return LocalCa.loadOrCreate(dataDirectory, LocalCa.defaultOwner()).fallbackCertificate();
    }

    private static LocalCaException withoutHttps(LocalCaException e) {
        return new LocalCaException(e.getMessage() + WITHOUT_HTTPS, e);
    }
}
