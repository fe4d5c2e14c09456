package dev.ingresslab.proxy;

import javax.net.ssl.SSLContext;
import java.util.Objects;

/**
 * An HTTPS listener: the port, and the TLS context that chooses certificates (by SNI, once the TLS work provides a
 * key manager that does). HTTP/2 is offered through ALPN.
 */
public record TlsListener(int port, SSLContext context) {

    public TlsListener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the HTTPS port must be from 0 to 65535, not " + port);
        }
        Objects.requireNonNull(context);
    }
}
