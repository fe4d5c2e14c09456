package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.proxy.ProxyHandler;
import org.xnio.Options;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The data plane: an Undertow reverse proxy on loopback that routes every request by the {@link RouteTable} in
 * force and records it in the {@link RequestJournal}. {@link #swap} replaces the table atomically: a request in
 * flight finishes with the table it started with, and pooled upstream connections survive the swap.
 */
public final class ProxyServer implements AutoCloseable {

    /** Keep-alive connections per IO thread and endpoint, as nginx's {@code keepalive 64}. */
    static final int CONNECTIONS_PER_THREAD = 64;

    private final Undertow undertow;
    private final AtomicReference<RouteTable> tables;
    private final EndpointPools pools;

    private ProxyServer(Undertow undertow, AtomicReference<RouteTable> tables, EndpointPools pools) {
        this.undertow = undertow;
        this.tables = tables;
        this.pools = pools;
    }

    /**
     * Starts listening.
     *
     * @throws ProxyStartException when a port cannot be bound, with what to do about it
     */
    public static ProxyServer start(ProxySettings settings, RouteTable table, UpstreamConnector connector,
                                    RequestJournal journal) {
        return start(settings, null, table, connector, journal);
    }

    /**
     * Starts listening for HTTP and, when {@code tls} is given, HTTPS on the same addresses.
     *
     * @throws ProxyStartException when a port cannot be bound, with what to do about it
     */
    public static ProxyServer start(ProxySettings settings, TlsListener tls, RouteTable table,
                                    UpstreamConnector connector, RequestJournal journal) {
        AtomicReference<RouteTable> tables = new AtomicReference<>(table);
        EndpointPools pools = new EndpointPools(connector, CONNECTIONS_PER_THREAD);
        EndpointChooser chooser = new EndpointChooser(pools);
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(new RoutingProxyClient(chooser))
                .setMaxRequestTime((int) settings.upstreamTimeout().toMillis())
                .setMaxConnectionRetries(1) // a connect failure is retried once, on another endpoint
                .setReuseXForwarded(true) // RoutingHandler sets them, after removing the client's own
                .setRewriteHostHeader(false)
                .build();
        LeanForwarder lean = new LeanForwarder(chooser, settings.upstreamTimeout().toMillis());
        RoutingHandler routing = new RoutingHandler(tables, proxy, lean, journal, connector, settings.routeHeader(),
                settings.maxHeaderBytes());
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(settings.ioThreads())
                .setWorkerThreads(2) // nothing blocks: workers only serve rare dispatches
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                // Undertow's parser answers a head over its limit with a bare 400; its limit only guards memory, and
                // RoutingHandler enforces ours with an explained 431.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, Math.max(settings.maxHeaderBytes(), 1 << 20))
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.requestHeadTimeout().toMillis())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setHandler(routing);
        for (String address : settings.bindAddresses()) {
            builder.addHttpListener(settings.httpPort(), address);
            if (tls != null) {
                builder.addHttpsListener(tls.port(), address, tls.context());
            }
        }
        Undertow undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop();
            throw new ProxyStartException("cannot listen on port " + settings.httpPort()
                    + (tls == null ? "" : " or " + tls.port()) + " of "
                    + String.join(" and ", settings.bindAddresses()) + ": " + rootMessage(e)
                    + " (is another program using it? choose another port with --http-port)", e);
        }
        ProxyServer server = new ProxyServer(undertow, tables, pools);
        server.retainPools(table);
        return server;
    }

    /** Puts a new table in force for every request that starts from now on. */
    public void swap(RouteTable table) {
        tables.set(table);
        retainPools(table);
    }

    public RouteTable table() {
        return tables.get();
    }

    /** Where the proxy listens: one address per listener, with the port actually bound. */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
            addresses.add((InetSocketAddress) listener.getAddress());
        }
        return addresses;
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int httpPort() {
        return portOf("http");
    }

    /** The HTTPS port actually bound, or -1 without a TLS listener. */
    public int httpsPort() {
        return portOf("https");
    }

    private int portOf(String protocol) {
        for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
            if (listener.getProtcol().equals(protocol)) {
                return ((InetSocketAddress) listener.getAddress()).getPort();
            }
        }
        return -1;
    }

    private void retainPools(RouteTable table) {
        Set<Endpoint> live = new HashSet<>();
        for (Route route : table.allRoutes()) {
            live.addAll(route.backend().endpoints());
            if (route.canary() != null) {
                live.addAll(route.canary().backend().endpoints());
            }
        }
        pools.retainOnly(live);
    }

    @Override
    public void close() {
        pools.close(); // while the IO threads that own the pooled connections still run
        undertow.stop();
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
