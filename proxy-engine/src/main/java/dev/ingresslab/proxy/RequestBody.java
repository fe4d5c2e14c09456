package dev.ingresslab.proxy;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.charset.StandardCharsets;

/**
 * Streams the body of a request Undertow parsed to its upstream connection as it arrives, with back-pressure: reads
 * from the client stop while the endpoint's socket is full, so at most one pooled buffer (16 KiB) of the body is in
 * memory at a time, whatever its size. Undertow's request channel gives the body decoded (a chunked one checked by
 * {@link ChunkedFramingConduit}); it goes upstream as it came: with the client's Content-Length, or re-chunked when
 * the client sent it chunked or gave no length (HTTP/2), one chunk per read (RFC 9112 §7.1).
 *
 * <p>{@code Expect: 100-continue} is answered by the proxy itself, as nginx does (it sends {@code 100 Continue} when
 * it starts reading the body, and does not pass Expect on): here, once the request head has gone upstream. Confined
 * to the exchange's IO thread.
 */
final class RequestBody {

    /** What the body's progress means to the upstream connection that carries it. */
    interface Events {
        /** Body bytes went upstream: the request is making progress. */
        void bodyProgress();

        /** The whole body went upstream. */
        void bodySent();

        /**
         * The client's body could not be read (malformed, or the client went away): the upstream connection must be
         * cut so the endpoint never takes what came for a whole request. {@code fault}: the client's fault in words
         * (for a 400), or null when the client is gone.
         */
        void bodyFailed(String fault);
    }

    /** Room before a chunk's data for its size line: up to 8 hex digits (the buffer is far smaller) and CR LF. */
    private static final int SIZE_LINE_ROOM = 10;
    /** Set in place of a listener when streaming stops: Undertow merges its own with the one set, and a null breaks that. */
    private static final ChannelListener<Channel> IDLE = channel -> { };
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The body of a forwarded exchange, for {@link ChunkedFramingConduit} to report a fault to. */
    static final AttachmentKey<RequestBody> KEY = AttachmentKey.create(RequestBody.class);

    private final HttpServerExchange exchange;
    private final ProxiedRequest request;
    /** Re-chunked upstream (the client sent it chunked, or without a length); else sent as it is. */
    private final boolean chunked;
    private StreamSourceChannel source;
    private StreamSinkChannel sink;
    private Events events;
    private PooledByteBuffer pooled;
    /** Bytes waiting to go upstream, in read mode; empty (position = limit) when none wait. */
    private ByteBuffer pending;
    private boolean started;
    private boolean sourceEnded;
    private boolean done;
    private boolean failed;
    /** Everything so far went upstream and the client has sent nothing more yet. */
    private boolean waitingForClient;

    private RequestBody(HttpServerExchange exchange, ProxiedRequest request, boolean chunked) {
        this.exchange = exchange;
        this.request = request;
        this.chunked = chunked;
    }

    /** The body of the exchange, or null when its request has none (no Content-Length above 0, no chunks). */
    static RequestBody of(HttpServerExchange exchange, ProxiedRequest request) {
        long length = exchange.getRequestContentLength();
        boolean codings = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        boolean unframedHttp2 = length < 0 && !codings && !exchange.isRequestComplete()
                && exchange.getProtocol().equals(Protocols.HTTP_2_0);
        if (!codings && length <= 0 && !unframedHttp2) {
            return null;
        }
        RequestBody body = new RequestBody(exchange, request, length < 0 || codings);
        exchange.putAttachment(KEY, body);
        return body;
    }

    /**
     * The client's chunked body is malformed ({@link ChunkedFramingConduit}, before its read fails): the upstream
     * connection is cut at once, so the endpoint never gets a whole request, and the client's answer, the 400 that
     * names the fault, is sent before Undertow's decoder closes the client's connection.
     */
    void clientFault(String fault) {
        request.requestFault = fault;
        fail(fault);
    }

    /** The framing line the upstream head carries for this body ({@code Content-Length} or chunked), CR LF ended. */
    String framingLine() {
        return chunked ? "Transfer-Encoding: chunked\r\n"
                : Headers.CONTENT_LENGTH_STRING + ": " + exchange.getRequestContentLength() + "\r\n";
    }

    /** Whether any of the body was read from the client: from then on the request cannot be sent again. */
    boolean started() {
        return started;
    }

    /** Whether the body waits for the client (rather than for the endpoint to take what was sent). */
    boolean waitingForClient() {
        return waitingForClient && !done;
    }

    /** Whether the whole body went upstream, or streaming it stopped for good. */
    boolean done() {
        return done;
    }

    /**
     * Starts streaming into {@code upstream} (the request head is already there), after a {@code 100 Continue} to
     * a client that waits for one.
     */
    void start(StreamSinkChannel upstream, Events listener) {
        this.sink = upstream;
        this.events = listener;
        if (HttpContinue.requiresContinueResponse(exchange)) {
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ignored, Sender sender) {
                    open();
                }

                @Override
                public void onException(HttpServerExchange ignored, Sender sender, IOException e) {
                    fail(null);
                }
            });
        } else {
            open();
        }
    }

    private void open() {
        if (done) {
            return; // stopped while the 100 was being sent
        }
        source = exchange.getRequestChannel();
        if (source == null) { // already taken: cannot happen for an exchange only the proxy reads
            fail(null);
            return;
        }
        ByteBufferPool buffers = exchange.getConnection().getByteBufferPool();
        pooled = buffers.allocate();
        pending = pooled.getBuffer();
        pending.clear().limit(0);
        source.getReadSetter().set(channel -> pump());
        sink.getWriteSetter().set(channel -> pump());
        pump();
    }

    /**
     * Moves what it can: pending bytes upstream, then the next read from the client; stops (and waits for the
     * channel that holds it back) when the endpoint's socket is full or the client has sent nothing more yet.
     */
    private void pump() {
        if (done) {
            return;
        }
        while (true) {
            if (pending.hasRemaining()) {
                try {
                    sink.write(pending);
                } catch (IOException e) {
                    stop(); // the endpoint broke off: its response (an early 413) or its close says what happened
                    return;
                }
                events.bodyProgress();
                if (pending.hasRemaining()) {
                    source.suspendReads();
                    sink.resumeWrites();
                    return;
                }
            }
            if (sourceEnded) {
                try {
                    if (!sink.flush()) {
                        sink.resumeWrites();
                        return;
                    }
                } catch (IOException e) {
                    stop();
                    return;
                }
                finish();
                events.bodySent();
                return;
            }
            int read;
            try {
                read = fill();
            } catch (IOException e) {
                fail(request.requestFault);
                return;
            }
            waitingForClient = read == 0;
            if (read == 0) {
                sink.suspendWrites();
                source.resumeReads();
                return;
            }
        }
    }

    /** Reads the next piece of the body into {@link #pending}, framed; 0 when the client sent nothing more yet. */
    private int fill() throws IOException {
        ByteBuffer buffer = pending;
        buffer.clear();
        if (!chunked) {
            int read = source.read(buffer);
            buffer.flip();
            if (read == -1) {
                sourceEnded = true;
                return 1;
            }
            started |= read > 0;
            return read;
        }
        buffer.position(SIZE_LINE_ROOM).limit(buffer.capacity() - 2); // room for the size line and the data's CR LF
        int read = source.read(buffer);
        if (read == -1) {
            sourceEnded = true;
            buffer.clear();
            buffer.put(LAST_CHUNK).flip();
            return 1;
        }
        if (read == 0) {
            buffer.clear().limit(0);
            return 0;
        }
        started = true;
        int end = buffer.position();
        buffer.limit(end + 2);
        buffer.put((byte) '\r').put((byte) '\n');
        byte[] size = (Integer.toHexString(read) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int from = SIZE_LINE_ROOM - size.length;
        buffer.put(from, size);
        buffer.position(from);
        return read;
    }

    /** Stops streaming for good (the response came first, the endpoint broke off, or the request ended). */
    void stop() {
        if (done) {
            return;
        }
        if (source != null) {
            source.getReadSetter().set(IDLE);
            source.suspendReads();
        }
        if (sink != null) {
            sink.getWriteSetter().set(IDLE);
            sink.suspendWrites();
        }
        finish();
    }

    private void finish() {
        done = true;
        if (sink != null) {
            sink.getWriteSetter().set(IDLE);
            sink.suspendWrites();
        }
        if (pooled != null) {
            pooled.close();
            pooled = null;
            pending = null;
        }
    }

    private void fail(String fault) {
        if (failed) {
            return;
        }
        failed = true;
        stop();
        // the rest of the body cannot be read: the client's connection ends after the answer, and Undertow must not
        // try to drain the body first (a read that fails again would close the connection before the answer)
        exchange.setPersistent(false);
        Connectors.terminateRequest(exchange);
        events.bodyFailed(fault);
    }
}
