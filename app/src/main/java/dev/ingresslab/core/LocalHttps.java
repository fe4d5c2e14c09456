package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.TlsListener;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.LocalCaException;

import java.nio.file.Path;

/**
 * The HTTPS listener of {@code demo}, {@code up}, {@code serve} and the window: SNI over the certificates of the
 * route table in force, and for names no Ingress covers (or handshakes without SNI) the fallback certificate of
 * the local CA of the data directory, which is made on first use ({@link LocalCa#loadOrCreate}). As
 * ingress-nginx's default server answers with its "Fake Certificate" for unknown names.
 */
public final class LocalHttps {

    private LocalHttps() {
    }

    /**
     * {@code settings} with an HTTPS listener on {@code port} (0: any free one).
     *
     * @param dataDirectory where the local CA lives ({@code ca.pem}, {@code ca-key.pem})
     * @throws LocalCaException when the CA cannot be read or made, saying which file and what to do (the message
     *                          adds that {@code --https-port off} starts without HTTPS)
     */
    public static ProxySettings on(ProxySettings settings, Path dataDirectory, int port) {
        try {
            LocalCa ca = LocalCa.loadOrCreate(dataDirectory, LocalCa.defaultOwner());
            return settings.withHttps(TlsListener.sni(port, ca.fallbackCertificate()));
        } catch (LocalCaException e) {
            throw new LocalCaException(e.getMessage() + "; or start without HTTPS with --https-port off", e);
        }
    }
}
