package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.SniContexts;
import dev.ingresslab.tls.TlsCertificate;

import javax.net.ssl.SSLContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An HTTPS listener: the port, and how it chooses certificates. {@link #sni} presents, per handshake, the
 * certificate the route table in force gives the client's server name, and {@code fallback} otherwise ({@link
 * dev.ingresslab.tls.SniKeyManager}); the two-argument form serves one fixed context (tests). TLS 1.2 and 1.3 only
 * ({@link SniContexts#PROTOCOLS}); HTTP/2 is offered through ALPN.
 *
 * @param port     the port (0: any free one)
 * @param context  a fixed TLS context, or null with a fallback
 * @param fallback the certificate for unknown names and handshakes without SNI, asked for once when the proxy starts
 *                 (it may be made in the meantime, on another thread: {@link #sni(int, Supplier)}), or null with a
 *                 fixed context
 */
public record TlsListener(int port, SSLContext context, Supplier<TlsCertificate> fallback) {

    public TlsListener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the HTTPS port must be from 0 to 65535, not " + port);
        }
        if ((context == null) == (fallback == null)) {
            throw new IllegalArgumentException("an HTTPS listener has either a fixed TLS context or a fallback"
                    + " certificate for its SNI choice");
        }
    }

    /** A listener with one fixed TLS context. */
    public TlsListener(int port, SSLContext context) {
        this(port, context, null);
    }

    /** A listener that chooses each handshake's certificate by SNI from the table in force. */
    public static TlsListener sni(int port, TlsCertificate fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return new TlsListener(port, null, () -> fallback);
    }

    /**
     * As {@link #sni(int, TlsCertificate)}, with a fallback certificate that is still being made: {@code fallback}
     * is called once, when the proxy starts, and may wait for it; a {@link RuntimeException} it throws fails the
     * start ({@link ProxyStartException}, with its message, which must say what to do).
     */
    public static TlsListener sni(int port, Supplier<TlsCertificate> fallback) {
        return new TlsListener(port, null, Objects.requireNonNull(fallback, "fallback"));
    }

    /**
     * The TLS context to serve with, reading the proxy's table in force when it chooses by SNI.
     *
     * @throws ProxyStartException when the fallback certificate cannot be had
     */
    SSLContext contextFor(Supplier<RouteTable> tables) {
        if (context != null) {
            return context;
        }
        TlsCertificate certificate;
        try {
            certificate = Objects.requireNonNull(fallback.get(), "the HTTPS listener's fallback certificate");
        } catch (RuntimeException e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        return SniContexts.server(tables, certificate);
    }
}
