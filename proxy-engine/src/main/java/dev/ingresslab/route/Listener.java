package dev.ingresslab.route;

import java.util.Objects;

/**
 * A port the proxy serves a route table on: {@code http} (plain) or {@code https} (TLS, the certificate chosen by
 * SNI from the table's {@link SecureVirtualHost}s). Named as Contour's DAG names its listeners and as a Gateway
 * API {@code Gateway}'s {@code spec.listeners[].name}, so a Gateway processor can add its own later.
 *
 * @param name     {@link #HTTP}, {@link #HTTPS}, or another processor's listener name
 * @param protocol whether the listener terminates TLS
 * @param port     the TCP port (1–65535; 0 while a test's ephemeral port is not yet known)
 */
public record Listener(String name, Protocol protocol, int port) {

    public static final String HTTP = "http";
    public static final String HTTPS = "https";

    /** What a listener speaks. */
    public enum Protocol { HTTP, HTTPS }

    public Listener {
        Objects.requireNonNull(name);
        Objects.requireNonNull(protocol);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a listener's port is from 0 to 65535, not " + port);
        }
    }

    public static Listener http(int port) {
        return new Listener(HTTP, Protocol.HTTP, port);
    }

    public static Listener https(int port) {
        return new Listener(HTTPS, Protocol.HTTPS, port);
    }

    /** {@code https:8443}. */
    public String display() {
        return name + ":" + port;
    }
}
