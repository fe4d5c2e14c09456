package dev.ingresslab.tls;

import dev.ingresslab.route.RouteTable;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;

/** The https listener's TLS context: the JDK's TLS with the {@link SniKeyManager}. */
public final class SniContexts {

    /** The protocols the https listener speaks: TLS 1.2 and 1.3 (RFC 8996 deprecates 1.0 and 1.1). */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SniContexts() {
    }

    /** A server context that presents, per handshake, the certificate the table in force gives the SNI name. */
    public static SSLContext server(Supplier<RouteTable> tables, TlsCertificate fallback) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{new SniKeyManager(tables, fallback)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no TLS: " + e.getMessage(), e);
        }
    }
}
