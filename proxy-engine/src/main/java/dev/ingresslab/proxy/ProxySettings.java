package dev.ingresslab.proxy;

import java.time.Duration;
import java.util.List;

/**
 * How the proxy listens and behaves. Listeners bind loopback only (docs/architecture.md, "Data and safety").
 *
 * @param bindAddresses     where to listen: {@code 127.0.0.1} and {@code ::1} by default
 * @param httpPort          the HTTP port; 0 picks a free one
 * @param ioThreads         Undertow IO threads (the request path never blocks them); {@link #defaults()} gives one
 *                          per core: on two cores with the access log on, two IO threads beat one in every round of
 *                          the busy machine's runs and were even with it on a quieter one (docs/benchmarks.md,
 *                          session 7)
 * @param routeHeader       add {@code X-Ingress-Lab-Route} to every response
 * @param connectTimeout    how long a connection to an endpoint may take before the next is tried
 * @param upstreamTimeout   how long a request may wait for its backend before a 504
 * @param maxHeaderBytes    the largest request head accepted; beyond it, 431 (a request-target longer than
 *                          {@link #MAX_REQUEST_TARGET_BYTES} is refused first, with 414)
 * @param idleTimeout       how long an idle keep-alive connection is kept
 * @param requestHeadTimeout how long a client may take to send its request head (slow clients)
 * @param routeSource       where the routes come from: what the 503 page tells the user to check
 * @param https             the HTTPS listener on the same addresses, or null for none ({@link #withHttps})
 */
public record ProxySettings(List<String> bindAddresses, int httpPort, int ioThreads, boolean routeHeader,
                            Duration connectTimeout, Duration upstreamTimeout, int maxHeaderBytes,
                            Duration idleTimeout, Duration requestHeadTimeout, RouteSource routeSource,
                            TlsListener https) {

    /**
     * The longest request-target accepted, in bytes: 8 KiB. A longer one is answered {@code 414 URI Too Long}
     * (RFC 9110 §15.5.15) and the connection closed, on every listener, before any routing. As nginx does: its
     * request line must fit one of its {@code large_client_header_buffers}, whose size ingress-nginx sets to 8k by
     * default ({@code large-client-header-buffers: "4 8k"}). It also bounds the path the regex budget is derived from
     * ({@code RegexBudget} in dev.ingresslab.translate).
     */
    public static final int MAX_REQUEST_TARGET_BYTES = 8 * 1024;

    public ProxySettings {
        bindAddresses = List.copyOf(bindAddresses);
        java.util.Objects.requireNonNull(routeSource, "routeSource");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("the HTTP port must be from 0 to 65535, not " + httpPort);
        }
    }

    public static ProxySettings defaults() {
        return new ProxySettings(List.of("127.0.0.1", "::1"), 8080, Math.max(1, Runtime.getRuntime()
                .availableProcessors()), true, Duration.ofSeconds(2), Duration.ofSeconds(60), 32 * 1024,
                Duration.ofSeconds(60), Duration.ofSeconds(10), RouteSource.CLUSTER, null);
    }

    public ProxySettings withHttpPort(int port) {
        return new ProxySettings(bindAddresses, port, ioThreads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, https);
    }

    public ProxySettings withIoThreads(int threads) {
        return new ProxySettings(bindAddresses, httpPort, threads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, https);
    }

    public ProxySettings withRouteHeader(boolean enabled) {
        return new ProxySettings(bindAddresses, httpPort, ioThreads, enabled, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, https);
    }

    public ProxySettings withUpstreamTimeout(Duration timeout) {
        return new ProxySettings(bindAddresses, httpPort, ioThreads, routeHeader, connectTimeout, timeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, https);
    }

    public ProxySettings withBindAddresses(List<String> addresses) {
        return new ProxySettings(addresses, httpPort, ioThreads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, https);
    }

    public ProxySettings withRequestHeadTimeout(Duration timeout) {
        return new ProxySettings(bindAddresses, httpPort, ioThreads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, timeout, routeSource, https);
    }

    /** The same settings for routes from {@code source} (the default is {@link RouteSource#CLUSTER}). */
    public ProxySettings withRouteSource(RouteSource source) {
        return new ProxySettings(bindAddresses, httpPort, ioThreads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, source, https);
    }

    /**
     * The same settings with an HTTPS listener ({@code --https-port}), or without one ({@code null}): its port is
     * bound on each of {@link #bindAddresses()} beside the HTTP port.
     */
    public ProxySettings withHttps(TlsListener listener) {
        return new ProxySettings(bindAddresses, httpPort, ioThreads, routeHeader, connectTimeout, upstreamTimeout,
                maxHeaderBytes, idleTimeout, requestHeadTimeout, routeSource, listener);
    }
}
