package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.SniContexts;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Sequence;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
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

    /**
     * Whether the plain-HTTP listeners have the {@link FrontListener front}; {@code -Dingress-lab.front=off} leaves
     * them all to Undertow (to compare the two, or to rule the front out when something looks wrong).
     */
    static final boolean FRONT = !"off".equals(System.getProperty("ingress-lab.front"));
    /** Undertow's pooled buffers, and how much of a request head the front reads. */
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Undertow undertow;
    /** The plain-HTTP listeners' front, or null without one. */
    final FrontListener front;
    /** The front's listening channels (the plain-HTTP listeners); Undertow's own are in its listener info. */
    private final List<AcceptingChannel<StreamConnection>> fronts;
    private final AtomicReference<RouteTable> tables;
    private final EndpointPools pools;

    private ProxyServer(Undertow undertow, FrontListener front, List<AcceptingChannel<StreamConnection>> fronts,
                        AtomicReference<RouteTable> tables, EndpointPools pools) {
        this.undertow = undertow;
        this.front = front;
        this.fronts = List.copyOf(fronts);
        this.tables = tables;
        this.pools = pools;
    }

    /**
     * Starts listening for HTTP and, when the settings have one ({@link ProxySettings#https()}), HTTPS.
     *
     * @throws ProxyStartException when a port cannot be bound, with what to do about it
     */
    public static ProxyServer start(ProxySettings settings, RouteTable table, UpstreamConnector connector,
                                    RequestJournal journal) {
        return start(settings, settings.https(), table, connector, journal);
    }

    /**
     * Starts listening for HTTP and, when {@code tls} is given, HTTPS on the same addresses.
     *
     * @throws ProxyStartException when a port cannot be bound, or the HTTPS listener's fallback certificate cannot be
     *                             had ({@link TlsListener#sni(int, java.util.function.Supplier)}), with what to
     *                             do about it
     */
    public static ProxyServer start(ProxySettings settings, TlsListener tls, RouteTable table,
                                    UpstreamConnector connector, RequestJournal journal) {
        return start(settings, tls, table, connector, journal, FRONT);
    }

    /**
     * As {@link #start(ProxySettings, TlsListener, RouteTable, UpstreamConnector, RequestJournal)}, with or without
     * the front (tests compare the two).
     */
    static ProxyServer start(ProxySettings settings, TlsListener tls, RouteTable table, UpstreamConnector connector,
                             RequestJournal journal, boolean withFront) {
        return start(settings, tls, table, connector, journal, withFront, NameResolver.SYSTEM);
    }

    /** As above, with the lookup ExternalName Services' names are resolved with (tests slow it down). */
    static ProxyServer start(ProxySettings settings, TlsListener tls, RouteTable table, UpstreamConnector connector,
                             RequestJournal journal, boolean withFront, NameResolver names) {
        AtomicReference<RouteTable> tables = new AtomicReference<>(table);
        EndpointPools pools = new EndpointPools(connector, names);
        EndpointChooser chooser = new EndpointChooser(pools);
        LeanForwarder lean = new LeanForwarder(chooser, settings.upstreamTimeout().toMillis());
        JournalWriter journalWriter = new JournalWriter(journal, connector);
        RoutingHandler routing = new RoutingHandler(tables, lean, journalWriter, settings.routeHeader(),
                settings.maxHeaderBytes(), settings.routeSource());
        ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES);
        OptionMap serverOptions = serverOptions(settings);
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(settings.ioThreads())
                .setWorkerThreads(2) // nothing blocks: workers only serve rare dispatches
                .setByteBufferPool(buffers)
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setHandler(routing);
        for (Option<?> option : serverOptions) {
            copy(serverOptions, option, builder);
        }
        javax.net.ssl.SSLContext tlsContext = tls == null ? null : tls.contextFor(tables::get);
        for (String address : settings.bindAddresses()) {
            if (!withFront) {
                builder.addHttpListener(settings.httpPort(), address);
            }
            if (tls != null) {
                builder.addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTPS)
                        .setPort(tls.port()).setHost(address).setSslContext(tlsContext)
                        .setOverrideSocketOptions(OptionMap.create(Options.SSL_ENABLED_PROTOCOLS,
                                Sequence.of(SniContexts.PROTOCOLS))));
            }
        }
        Undertow undertow = builder.build();
        FrontListener front = withFront ? new FrontListener(tables, lean, journalWriter, settings, buffers,
                undertowListener(buffers, serverOptions, routing)) : null;
        List<AcceptingChannel<StreamConnection>> fronts = new ArrayList<>();
        try {
            undertow.start();
            if (front != null) {
                for (String address : settings.bindAddresses()) {
                    fronts.add(listen(undertow.getWorker(), address, settings.httpPort(), front));
                }
            }
        } catch (RuntimeException | IOException e) {
            fronts.forEach(IoUtils::safeClose);
            undertow.stop();
            throw new ProxyStartException("cannot listen on port " + settings.httpPort()
                    + (tls == null ? "" : " or " + tls.port()) + " of "
                    + String.join(" and ", settings.bindAddresses()) + ": " + rootMessage(e)
                    + " (is another program using it? choose another port with --http-port"
                    + (tls == null ? "" : " or --https-port") + ")", e);
        }
        ProxyServer server = new ProxyServer(undertow, front, fronts, tables, pools);
        server.retainPools(table);
        return server;
    }

    /** Undertow's options for its HTTP/1.1 and HTTP/2 server side, the same for its listeners and the front's. */
    private static OptionMap serverOptions(ProxySettings settings) {
        return OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                // Undertow's parser answers a head over its limit with a bare 400; its limit only guards memory,
                // and RoutingHandler enforces ours with an explained 431.
                .set(UndertowOptions.MAX_HEADER_SIZE, Math.max(settings.maxHeaderBytes(), 1 << 20))
                .set(UndertowOptions.MAX_HEADERS, FrontHead.MAX_HEADERS)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout().toMillis())
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.requestHeadTimeout().toMillis())
                .set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .set(UndertowOptions.ALWAYS_SET_DATE, true)
                .getMap();
    }

    private static <T> void copy(OptionMap options, Option<T> option, Undertow.Builder builder) {
        builder.setServerOption(option, options.get(option));
    }

    /**
     * The HTTP/1.1 listener the front hands connections to: what Undertow's builder makes for a plain HTTP listener
     * (pipelined responses buffered, h2c upgrades), over the same options and buffers.
     */
    private static HttpOpenListener undertowListener(ByteBufferPool buffers, OptionMap serverOptions,
                                                     RoutingHandler routing) {
        HttpOpenListener listener = new HttpOpenListener(buffers, OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true).addAll(serverOptions).getMap());
        listener.setRootHandler(new Http2UpgradeHandler(routing));
        return listener;
    }

    private static AcceptingChannel<StreamConnection> listen(XnioWorker worker, String address, int port,
                                                            FrontListener front) throws IOException {
        AcceptingChannel<StreamConnection> channel = worker.createStreamConnectionServer(
                new InetSocketAddress(InetAddress.getByName(address), port), ChannelListeners.openListenerAdapter(front),
                OptionMap.builder().set(Options.REUSE_ADDRESSES, true).set(Options.TCP_NODELAY, true)
                        .set(Options.BACKLOG, 1000).getMap());
        channel.resumeAccepts();
        return channel;
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
        for (AcceptingChannel<StreamConnection> front : fronts) {
            addresses.add(front.getLocalAddress(InetSocketAddress.class));
        }
        for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
            addresses.add((InetSocketAddress) listener.getAddress());
        }
        return addresses;
    }

    /**
     * Where the proxy listens for plain HTTP, one address per bind address, with the port actually bound: with port
     * 0 each address gets its own free port from the OS, so 127.0.0.1 and ::1 may differ.
     */
    public List<InetSocketAddress> httpAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (AcceptingChannel<StreamConnection> front : fronts) {
            addresses.add(front.getLocalAddress(InetSocketAddress.class));
        }
        addresses.addAll(listenerAddresses("http"));
        return addresses;
    }

    /** As {@link #httpAddresses()} for HTTPS; empty without a TLS listener. */
    public List<InetSocketAddress> httpsAddresses() {
        return listenerAddresses("https");
    }

    private List<InetSocketAddress> listenerAddresses(String protocol) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
            if (listener.getProtcol().equals(protocol)) {
                addresses.add((InetSocketAddress) listener.getAddress());
            }
        }
        return addresses;
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int httpPort() {
        return fronts.isEmpty() ? portOf("http") : fronts.get(0).getLocalAddress(InetSocketAddress.class).getPort();
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
        fronts.forEach(IoUtils::safeClose);
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
