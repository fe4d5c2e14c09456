package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection to an endpoint on the lean path, owned by one IO thread: it writes a request head,
 * reads the response head, and streams the body to the client as it arrives, with back-pressure (reads stop while
 * the client is slow). Reads stay armed between requests, so the idle connection notices at once when the endpoint
 * closes it, and no request pays for re-arming them.
 */
final class LeanConnection implements ChannelListener<StreamSourceChannel> {

    /** Room for a response head and a 16 KiB body in one read: such answers go out in one write. */
    static final int BUFFER_BYTES = 32 * 1024;

    /** What finishing a request means for the connection and the forwarder. */
    interface Owner {
        /** The response is through and the connection can carry another request. */
        void reusable(LeanConnection connection);

        /**
         * The connection failed before any response byte. {@code stale} when it was a kept-alive connection the
         * endpoint had closed meanwhile: the request never reached it and goes out again on a fresh one.
         */
        void failedBeforeResponse(HttpServerExchange exchange, ProxiedRequest request, String why, boolean stale);

        /** The connection is closed (by either side) and must not be used again. */
        void closed(LeanConnection connection);
    }

    final EndpointPools.Pool pool;
    private final StreamConnection connection;
    private final Owner owner;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);

    private HttpServerExchange exchange;
    private ProxiedRequest request;
    private boolean headRequest;
    private boolean reused;
    /**
     * The connection's one timer: armed when a request goes out and none is, it re-arms itself while requests keep
     * the connection busy, so a request costs no timer of its own (they are a sorted map's insert and remove).
     */
    private XnioExecutor.Key timeout;
    private final Runnable timeoutCheck = this::timedOut;
    private long timeoutNanos;
    /** When the current request went out or the endpoint last sent bytes for it. */
    private long lastReadNanos;
    private ResponseHead head;
    private long remaining;
    private ChunkedBody chunks;
    private StreamSinkChannel sink;
    /** The buffer holds unsent body bytes in read mode, waiting for the client to take them. */
    private boolean draining;

    LeanConnection(EndpointPools.Pool pool, StreamConnection connection, Owner owner) {
        this.pool = pool;
        this.connection = connection;
        this.owner = owner;
        connection.getSourceChannel().getReadSetter().set(this);
        connection.getSourceChannel().resumeReads();
        connection.getCloseSetter().set(closed -> {
            cancelTimeout();
            owner.closed(this);
        });
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    /** Sends the exchange's request; the response arrives through {@link #handleEvent}. On the IO thread. */
    void send(HttpServerExchange exchange, ProxiedRequest request, boolean reused, long timeoutMillis) {
        long now = System.nanoTime();
        request.connectedNanos = now;
        this.exchange = exchange;
        this.request = request;
        this.reused = reused;
        this.headRequest = exchange.getRequestMethod().equalToString("HEAD");
        this.head = null;
        this.chunks = null;
        this.sink = null;
        this.draining = false;
        buffer.clear();
        if (!UpstreamRequestHead.write(exchange, request.client, buffer)) {
            fail("the request head is larger than " + BUFFER_BYTES + " bytes");
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                if (connection.getSinkChannel().write(buffer) == 0) {
                    // the endpoint's socket buffer is full before a small head: it is not reading
                    throw new IOException("the endpoint does not accept the request");
                }
            }
        } catch (IOException e) {
            failBeforeResponse("writing the request failed: " + e.getMessage());
            return;
        }
        buffer.clear();
        timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lastReadNanos = now;
        if (timeout == null) {
            timeout = connection.getIoThread().executeAfter(timeoutCheck, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        if (exchange == null) {
            // idle: the endpoint closed the connection (or sent bytes nobody asked for)
            IoUtils.safeClose(connection);
            return;
        }
        try {
            int read = source.read(buffer);
            if (read == -1) {
                upstreamEnded();
                return;
            }
            if (read == 0) {
                return;
            }
            lastReadNanos = System.nanoTime();
            buffer.flip();
            draining = true;
            process();
        } catch (IOException e) {
            if (head == null) {
                failBeforeResponse("the connection broke: " + e.getMessage());
            } else {
                abort();
            }
        } catch (ResponseHead.Malformed | ChunkedBody.Malformed e) {
            fail("the endpoint's response is malformed: " + e.getMessage());
        }
    }

    /** Works through the bytes in the buffer (read mode): the head, then body bytes to the client. */
    private void process() throws IOException, ResponseHead.Malformed, ChunkedBody.Malformed {
        if (head == null) {
            head = ResponseHead.parse(buffer);
            if (head == null) {
                refill();
                if (!buffer.hasRemaining()) { // the whole buffer holds part of a head
                    throw new ResponseHead.Malformed("its head is larger than " + BUFFER_BYTES + " bytes");
                }
                return;
            }
            if (head.status() / 100 == 1) { // an interim response (103 Early Hints): skipped, the final one follows
                head = null;
                process();
                return;
            }
            startResponse();
            if (head.bodiless(headRequest)) {
                finish();
                return;
            }
        }
        while (chunks == null ? writeFramedBytes() : writeChunkData()) {
            // the client took everything so far: go on
        }
    }

    /**
     * Writes what the buffer holds of a length- or close-framed body straight from it (a view of the buffer per
     * write would be an allocation per response). False when the response is through, more must be read, or the
     * client must catch up first.
     */
    private boolean writeFramedBytes() throws IOException {
        int take = head.contentLength() >= 0 ? (int) Math.min(remaining, buffer.remaining()) : buffer.remaining();
        if (take == 0) {
            if (head.contentLength() >= 0 && remaining == 0) {
                finish();
            } else {
                refill();
            }
            return false;
        }
        int limit = buffer.limit();
        buffer.limit(buffer.position() + take);
        int written;
        try {
            written = sink.write(buffer);
        } finally {
            buffer.limit(limit);
        }
        remaining -= written;
        if (written < take) {
            waitForClient(null);
            return false;
        }
        return true;
    }

    /** Writes the next piece of chunk data the buffer holds; false as for {@link #writeFramedBytes}. */
    private boolean writeChunkData() throws IOException, ChunkedBody.Malformed {
        ByteBuffer data = chunks.next(buffer);
        if (data == null) {
            if (chunks.done()) {
                finish();
            } else {
                refill();
            }
            return false;
        }
        sink.write(data);
        if (data.hasRemaining()) {
            waitForClient(data);
            return false;
        }
        return true;
    }

    /** Sets the client's status and headers from the upstream head and opens the response channel. */
    private void startResponse() {
        request.firstByteNanos = lastReadNanos;
        exchange.setStatusCode(head.status());
        HeaderMap headers = exchange.getResponseHeaders();
        String length = null;
        for (ResponseHead.Header header : head.headers()) {
            HttpString name = header.name();
            if (name.equals(Headers.CONTENT_LENGTH)) {
                length = header.value(); // set below from the framing
            } else if (!HopByHop.is(name, head.connectionOptions()) && !name.equals(RoutingHandler.ROUTE_HEADER)) {
                headers.add(name, header.value()); // the route header is ours, never the backend's
            }
        }
        if (head.contentLength() >= 0 && (headRequest || !head.bodiless(false))) {
            headers.put(Headers.CONTENT_LENGTH, canonical(length, head.contentLength()));
        }
        remaining = head.contentLength();
        chunks = head.chunked() ? new ChunkedBody() : null;
        if (!head.bodiless(headRequest)) {
            sink = exchange.getResponseChannel();
        }
    }

    /** The Content-Length text as received when it is the plain decimal form of the length, else that form. */
    private static String canonical(String received, long length) {
        boolean plain = received != null && !received.isEmpty()
                && (received.length() == 1 || received.charAt(0) != '0');
        for (int i = 0; plain && i < received.length(); i++) {
            char c = received.charAt(i);
            plain = c >= '0' && c <= '9';
        }
        return plain ? received : Long.toString(length);
    }

    /**
     * The client cannot take more now. A chunk's data view ({@code pending}) holds its own position, so for a
     * chunked body the rest of the view is written before the buffer moves on; other bodies pass null.
     */
    private void waitForClient(ByteBuffer pending) {
        connection.getSourceChannel().suspendReads();
        sink.getWriteSetter().set(channel -> {
            try {
                if (chunks != null) {
                    channel.write(pending);
                    if (pending.hasRemaining()) {
                        return;
                    }
                }
                channel.suspendWrites();
                connection.getSourceChannel().resumeReads();
                process();
            } catch (IOException | ResponseHead.Malformed | ChunkedBody.Malformed e) {
                abort();
            }
        });
        sink.resumeWrites();
    }

    /** Back to fill mode to read more of the response. */
    private void refill() {
        buffer.compact();
        draining = false;
    }

    /** The endpoint closed the connection. */
    private void upstreamEnded() {
        if (head == null) {
            failBeforeResponse("the endpoint closed the connection before answering");
        } else if (chunks == null && head.contentLength() < 0) {
            finish(); // the body was framed by the connection's end
            IoUtils.safeClose(connection);
        } else {
            abort(); // a truncated body: the client must see the response break, not a short one
        }
    }

    /** The response is through: end the exchange and give the connection back, or close it. */
    private void finish() {
        HttpServerExchange done = exchange;
        boolean keep = !head.close() && (chunks == null ? head.contentLength() >= 0 || head.bodiless(headRequest)
                : chunks.done()) && !(draining && buffer.hasRemaining());
        clear();
        done.endExchange();
        if (keep && connection.isOpen()) {
            buffer.clear();
            owner.reusable(this);
        } else {
            IoUtils.safeClose(connection);
        }
    }

    /**
     * The endpoint has been silent for the upstream timeout: before the response head that is a 504; in the middle
     * of a body the response breaks (a stalled backend must not hold the client forever). When bytes came or a new
     * request went out meanwhile, the timer is set again for the rest of the time; on an idle connection it lapses.
     */
    private void timedOut() {
        timeout = null;
        if (exchange == null) {
            return;
        }
        long quiet = System.nanoTime() - lastReadNanos;
        if (quiet < timeoutNanos || draining) {
            // bytes came meanwhile, or the client is the slow one: wait on
            timeout = connection.getIoThread().executeAfter(timeoutCheck, Math.max(1, timeoutNanos - quiet),
                    TimeUnit.NANOSECONDS);
        } else if (head == null) {
            HttpServerExchange late = exchange;
            clear();
            IoUtils.safeClose(connection);
            late.setStatusCode(504); // UpstreamFailurePage explains it
            late.endExchange();
        } else {
            abort();
        }
    }

    /** The request failed before any response byte: the owner retries it or answers 502. */
    private void failBeforeResponse(String why) {
        HttpServerExchange failed = exchange;
        ProxiedRequest state = request;
        boolean stale = reused;
        clear();
        IoUtils.safeClose(connection);
        if (failed != null) {
            owner.failedBeforeResponse(failed, state, why, stale);
        }
    }

    /** A failure the client hears as a 502 (before the response started) or as a broken response (after). */
    private void fail(String why) {
        if (head == null) {
            HttpServerExchange failed = exchange;
            request.connectFailure = why;
            clear();
            IoUtils.safeClose(connection);
            failed.setStatusCode(502);
            failed.endExchange();
        } else {
            abort();
        }
    }

    /** The response cannot be completed: both connections close, so the client sees it break. */
    private void abort() {
        HttpServerExchange broken = exchange;
        clear();
        IoUtils.safeClose(connection);
        if (broken != null) {
            IoUtils.safeClose(broken.getConnection());
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.remove();
            timeout = null;
        }
    }

    /** The connection carries no request now; its timer lapses when it next fires. */
    private void clear() {
        exchange = null;
        request = null;
    }

    void close() {
        IoUtils.safeClose(connection);
    }
}
