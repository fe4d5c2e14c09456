package dev.ingresslab.tls;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SecureVirtualHost;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The https listener's key manager: for each TLS handshake it presents the certificate that the route table in force
 * gives the client's server name (SNI, RFC 6066 §3), through {@link RouteTable#secureVirtualHostFor}, and the fallback
 * certificate for a name no secure host has, or no name at all, as ingress-nginx presents its default ("fake")
 * certificate. A Secret change thus reaches new handshakes with the table swap that carries it, atomically.
 * <p>
 * The JDK's key managers choose among fixed aliases with exact names only; this one chooses per handshake, reading
 * the name from the handshake session ({@link ExtendedSSLSession#getRequestedServerNames}). Its aliases are the
 * leaves' SHA-256 fingerprints; JSSE asks for the chain and key of the alias it was given right after choosing it.
 * A certificate whose key is not of the type JSSE asks for ({@code EC}, {@code RSA}) is not offered for that type, so
 * the handshake uses a signature scheme the key can make; a host with several certificates (a Gateway listener's
 * {@code certificateRefs}) offers, per key type, the one {@link SecureVirtualHost#certificateFor} picks, so the
 * client's order of signature algorithms decides between an ECDSA and an RSA certificate.
 * <p>
 * Which certificate a connection got is kept on its session ({@link #servedBy}), for the request journal.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {

    /** The session value holding the {@link ServedCertificate}. */
    private static final String SERVED = "dev.ingresslab.tls.served";
    /** Aliases not chosen for this long are forgotten once there are more than {@link #KEEP}. */
    private static final long FORGET_AFTER_NANOS = 60_000_000_000L;
    private static final int KEEP = 256;

    private final Supplier<RouteTable> tables;
    private final TlsCertificate fallback;
    private final String fallbackLabel;
    private final Map<String, Chosen> chosen = new ConcurrentHashMap<>();

    private record Chosen(TlsCertificate certificate, long atNanos) {
    }

    /**
     * @param tables   the route table in force (the proxy's)
     * @param fallback the certificate for unknown names and handshakes without SNI
     */
    public SniKeyManager(Supplier<RouteTable> tables, TlsCertificate fallback) {
        this.tables = Objects.requireNonNull(tables);
        this.fallback = Objects.requireNonNull(fallback);
        this.fallbackLabel = "fallback " + (fallback.dnsNames().isEmpty() ? fallback.subject()
                : fallback.dnsNames().get(0));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession handshake) {
        String name = requestedHost(handshake);
        SecureVirtualHost secure = name == null ? null : tables.get().secureVirtualHostFor(name).orElse(null);
        TlsCertificate certificate;
        if (secure == null || secure.certificates().isEmpty()) {
            certificate = fallback.privateKey().getAlgorithm().equals(keyType) ? fallback : null;
        } else {
            certificate = secure.certificateFor(HostNames.canonical(name), keyType);
        }
        if (certificate == null) {
            return null; // JSSE asks again for the next key type the client accepts
        }
        String alias = certificate.sha256Fingerprint();
        long now = System.nanoTime();
        chosen.put(alias, new Chosen(certificate, now));
        if (chosen.size() > KEEP) {
            chosen.values().removeIf(entry -> now - entry.atNanos() > FORGET_AFTER_NANOS);
        }
        if (handshake != null) {
            handshake.putValue(SERVED, new ServedCertificate(name == null ? "" : name, certificate == fallback
                    ? fallbackLabel : certificate.source().display(), certificate, certificate == fallback));
        }
        return alias;
    }

    /** The host name the client asked for (SNI), or null when it sent none. */
    static String requestedHost(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    /**
     * Which certificate a TLS session was given: the Secret it came from ({@code default/alpaca-tls}), {@code
     * fallback ingress-lab.invalid}, or {@code ""} when this key manager did not choose it.
     */
    public static String servedBy(SSLSession session) {
        ServedCertificate served = served(session);
        return served == null ? "" : served.label();
    }

    /** What a TLS session was served (SNI name, certificate), or null when this key manager did not choose it. */
    public static ServedCertificate served(SSLSession session) {
        Object served = session == null ? null : session.getValue(SERVED);
        return served instanceof ServedCertificate certificate ? certificate : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Chosen entry = alias == null ? null : chosen.get(alias);
        return entry == null ? null : entry.certificate().chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Chosen entry = alias == null ? null : chosen.get(alias);
        return entry == null ? null : entry.certificate().privateKey();
    }

    /** A server only: no aliases are listed, none is chosen for a client. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
