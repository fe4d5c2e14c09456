package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plain-HTTP listener's front door. Most requests a proxy sees are the plainest kind: HTTP/1.1, no body, a
 * handful of well-formed headers, routed to a backend. The front serves those itself ({@link FrontConnection}): it
 * parses the head in place, routes it, and forwards it on the lean path, with none of a general server's
 * per-request machinery (an exchange, header maps, a conduit chain), which on loopback costs as much CPU as all of
 * nginx's work per request. Every other request (bodies, upgrades, HTTP/2, malformed or oversized heads, 404s,
 * redirects) is Undertow's: the front hands the connection to Undertow's HTTP/1.1 listener with the bytes it read,
 * and Undertow serves it from then on exactly as if it had accepted it.
 */
final class FrontListener implements ChannelListener<StreamConnection> {

    final AtomicReference<RouteTable> tables;
    final LeanForwarder forwarder;
    final JournalWriter journal;
    final boolean routeHeader;
    final int maxHeadBytes;
    final long idleTimeoutMillis;
    private final ByteBufferPool buffers;
    private final HttpOpenListener undertow;
    /** Connections handed to Undertow so far: only tests read it, to see which side served what. */
    private final LongAdder handOffs = new LongAdder();

    FrontListener(AtomicReference<RouteTable> tables, LeanForwarder forwarder, JournalWriter journal,
                  ProxySettings settings, ByteBufferPool buffers, HttpOpenListener undertow) {
        this.tables = tables;
        this.forwarder = forwarder;
        this.journal = journal;
        this.routeHeader = settings.routeHeader();
        this.maxHeadBytes = Math.min(settings.maxHeaderBytes(), buffers.getBufferSize());
        this.idleTimeoutMillis = settings.idleTimeout().toMillis();
        this.buffers = buffers;
        this.undertow = undertow;
    }

    /** How many bytes of a connection's input the front holds: what Undertow takes over in one pooled buffer. */
    int bufferBytes() {
        return buffers.getBufferSize();
    }

    long handOffs() {
        return handOffs.sum();
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        new FrontConnection(this, connection).start();
    }

    /** Undertow serves the connection from now on, starting with {@code in}'s bytes from {@code from} to {@code to}. */
    void handOff(StreamConnection connection, byte[] in, int from, int to) {
        handOffs.increment();
        PooledByteBuffer pooled = null;
        if (to > from) {
            pooled = buffers.allocate();
            ByteBuffer buffer = pooled.getBuffer();
            buffer.clear();
            buffer.put(in, from, to - from).flip();
        }
        undertow.handleEvent(connection, pooled);
    }
}
