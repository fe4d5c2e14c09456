package dev.ingresslab.proxy;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection the front serves itself (see {@link FrontListener}): it reads a request head into its own
 * buffer, and when the head is {@linkplain FrontHead plain} and its route forwards to a backend, sends it on the lean
 * path and writes the response: the head composed here, the body as the endpoint sends it (a length-framed body as
 * it is, a chunked one re-chunked, a close-framed one closing the connection). Any other request goes to Undertow,
 * which serves the connection from then on. Requests are served one at a time, in order; reads stop while one is in
 * flight, so pipelined requests wait in the buffer. Confined to its IO thread.
 */
final class FrontConnection implements LeanClient, ChannelListener<ConduitStreamSourceChannel> {

    private static final int FIRST_OUT_BYTES = 1024;
    /** The most body bytes re-chunked in one chunk. */
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final byte[] CHUNK_END = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final FrontListener front;
    private final StreamConnection connection;
    private final ConduitStreamSinkChannel sink;
    private final byte[] in;
    private final ByteBuffer inView;
    /** The bytes read and not yet served: from {@code from} to {@code to} in {@link #in}. */
    private int from;
    private int to;
    private final FrontHead head = new FrontHead();
    private final String client;
    private final String port;
    private boolean handedOff;

    /** The request in flight, or null between requests. */
    private ProxiedRequest request;
    private boolean closeAfter;
    private boolean chunked;
    private int status;
    private long bodyBytes;
    /** Head, page and chunk-framing bytes not yet written, in read mode. */
    private ByteBuffer out = ByteBuffer.allocate(FIRST_OUT_BYTES).flip();
    private final ByteBuffer[] gathered = new ByteBuffer[2];
    private Runnable whenWritable;
    private final ChannelListener<ConduitStreamSinkChannel> writable = this::writable;

    private long lastActiveNanos;
    private XnioExecutor.Key idleTimer;
    private final Runnable idleCheck = this::idleCheck;

    FrontConnection(FrontListener front, StreamConnection connection) {
        this.front = front;
        this.connection = connection;
        this.sink = connection.getSinkChannel();
        this.in = new byte[front.bufferBytes()];
        this.inView = ByteBuffer.wrap(in);
        this.client = ClientAddresses.of(connection.getPeerAddress(InetSocketAddress.class));
        InetSocketAddress local = connection.getLocalAddress(InetSocketAddress.class);
        this.port = local == null ? "" : Integer.toString(local.getPort());
    }

    void start() {
        connection.getCloseSetter().set(closed -> cancelIdleTimer());
        connection.getSourceChannel().getReadSetter().set(this);
        lastActiveNanos = System.nanoTime();
        armIdleTimer(front.idleTimeoutMillis);
        connection.getSourceChannel().resumeReads();
    }

    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        if (request != null) {
            source.suspendReads(); // one request at a time: the next waits until this one is answered
            return;
        }
        try {
            if (to == in.length) {
                compact();
                if (to == in.length) {
                    handOff(); // a head larger than the front takes: Undertow answers it (431, or serves it)
                    return;
                }
            }
            inView.limit(in.length).position(to);
            int read = source.read(inView);
            if (read < 0) {
                IoUtils.safeClose(connection);
                return;
            }
            if (read > 0) {
                to += read;
                lastActiveNanos = System.nanoTime();
                serveBuffered();
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    /** Serves the requests the buffer holds, one at a time, or hands the connection over at the first it cannot. */
    private void serveBuffered() {
        while (request == null && from < to && !handedOff && connection.isOpen()) {
            // a head that has not arrived whole in one read goes to Undertow too: its parser has the timeouts for
            // clients that send slowly, and plain clients send a small head in one piece
            if (head.parse(in, from, to, front.maxHeadBytes) != FrontHead.Parse.COMPLETE || !forward()) {
                handOff();
                return;
            }
        }
        if (request == null && !handedOff && connection.isOpen()) {
            from = to = 0;
            connection.getSourceChannel().resumeReads();
        }
    }

    /** Forwards the parsed request when its route sends it to a backend; false for Undertow to answer it. */
    private boolean forward() {
        RouteTable table = front.tables.get();
        Decision decision = table.match(head, ThreadLocalRandom.current());
        if (decision.outcome() != Outcome.ROUTED || decision.backend().endpoints().isEmpty()) {
            return false; // 404, 503, redirects and 400s have their pages on the general path
        }
        request = new ProxiedRequest(table, decision, head.target(), RequestIds.keptOrNew(head.requestId()), client,
                System.nanoTime(), System.currentTimeMillis(), front.journal);
        from += head.length(); // the head's bytes stay as they are until the response is through
        closeAfter = head.connection().close();
        chunked = false;
        status = 0;
        bodyBytes = 0;
        connection.getSourceChannel().suspendReads();
        front.forwarder.forward(this, request);
        return true;
    }

    @Override
    public XnioIoThread ioThread() {
        return connection.getIoThread();
    }

    @Override
    public boolean isHeadRequest() {
        return head.isHeadRequest();
    }

    @Override
    public boolean writeUpstreamHead(ProxiedRequest forwarded, ByteBuffer upstream) {
        return UpstreamRequestHead.write(head, forwarded, port, upstream);
    }

    @Override
    public void startResponse(ResponseHead response, ProxiedRequest forwarded) {
        status = response.status();
        HeadComposer composer = HeadComposer.ofThisThread();
        statusLine(composer, status);
        String length = null;
        boolean dated = false;
        for (ResponseHead.Header header : response.headers()) {
            HttpString name = header.name();
            if (name.equals(Headers.CONTENT_LENGTH)) {
                length = header.value();
            } else if (ResponseHead.isEndToEnd(name, response)) {
                composer.header(name.toString(), header.value());
                dated |= name.equals(Headers.DATE);
            }
        }
        boolean headRequest = head.isHeadRequest();
        if (response.forwardsLength(headRequest)) {
            composer.header(Headers.CONTENT_LENGTH_STRING,
                    ResponseHead.canonicalLength(length, response.contentLength()));
        } else if (!response.bodiless(headRequest)) {
            if (response.chunked()) {
                chunked = true;
                composer.header(Headers.TRANSFER_ENCODING_STRING, "chunked");
            } else {
                closeAfter = true; // framed by the connection's end: so is ours
            }
        }
        endHead(composer, dated);
    }

    @Override
    public int writeBody(ByteBuffer data) throws IOException {
        if (chunked) {
            return writeChunk(data);
        }
        int offered = data.remaining();
        if (out.hasRemaining()) {
            // the response head and the first body bytes in one write
            gathered[0] = out;
            gathered[1] = data;
            sink.write(gathered, 0, 2);
        } else {
            sink.write(data);
        }
        int written = offered - data.remaining();
        bodyBytes += written;
        return written;
    }

    /** Re-chunks body bytes: each piece goes out as one chunk, framed in {@link #out}. */
    private int writeChunk(ByteBuffer data) throws IOException {
        if (!flush()) {
            return 0;
        }
        int size = Math.min(data.remaining(), CHUNK_BYTES);
        HeadComposer framing = HeadComposer.ofThisThread();
        framing.hex(size).raw("\r\n");
        ByteBuffer into = appendable(framing.length() + size + CHUNK_END.length);
        framing.copyTo(into);
        int limit = data.limit();
        data.limit(data.position() + size);
        into.put(data);
        data.limit(limit);
        into.put(CHUNK_END).flip();
        bodyBytes += size;
        flush();
        return size;
    }

    @Override
    public void whenWritable(Runnable then) {
        whenWritable = then;
        sink.getWriteSetter().set(writable);
        sink.resumeWrites();
    }

    private void writable(ConduitStreamSinkChannel channel) {
        try {
            if (!flush()) {
                return;
            }
        } catch (IOException e) {
            abort();
            return;
        }
        channel.suspendWrites();
        Runnable then = whenWritable;
        whenWritable = null;
        if (then != null) {
            then.run();
        }
    }

    @Override
    public void complete() {
        if (chunked) {
            appendable(LAST_CHUNK.length).put(LAST_CHUNK).flip();
        }
        finishWhenFlushed();
    }

    @Override
    public void fail(int failure) {
        ErrorPage page = UpstreamFailurePage.page(failure, request);
        boolean html = head.acceptsHtml();
        byte[] body = page.body(html, head.method(), ErrorPage.where(head.authority(), head.target()))
                .getBytes(StandardCharsets.UTF_8);
        status = page.status();
        HeadComposer composer = HeadComposer.ofThisThread();
        statusLine(composer, status)
                .header(Headers.CONTENT_TYPE_STRING, ErrorPage.contentType(html))
                .header(Headers.CACHE_CONTROL_STRING, "no-store")
                .header(Headers.CONTENT_LENGTH_STRING, Integer.toString(body.length));
        endHead(composer, false);
        if (!head.isHeadRequest()) {
            appendable(body.length).put(body).flip();
            bodyBytes = body.length;
        }
        finishWhenFlushed();
    }

    @Override
    public void abort() {
        if (request != null) {
            journal();
        }
        IoUtils.safeClose(connection);
    }

    private static HeadComposer statusLine(HeadComposer composer, int status) {
        return composer.raw("HTTP/1.1 ").number(status).raw(" ").text(StatusCodes.getReason(status)).raw("\r\n");
    }

    /** Ends a response head with the headers every answer of ours carries, and queues it. */
    private void endHead(HeadComposer composer, boolean dated) {
        if (!dated) {
            composer.header(Headers.DATE_STRING, HttpDates.now());
        }
        if (front.routeHeader) {
            composer.header(RoutingHandler.ROUTE_HEADER.toString(), request.route);
        }
        // said on every response, as Undertow's listener and nginx do, though HTTP/1.1 implies keep-alive
        composer.header(Headers.CONNECTION_STRING, closeAfter ? "close" : "keep-alive");
        composer.raw("\r\n");
        ByteBuffer into = appendable(composer.length());
        composer.copyTo(into);
        into.flip();
    }

    /**
     * {@link #out} ready to take {@code bytes} more after what it holds, in write mode; the caller flips it back.
     */
    private ByteBuffer appendable(int bytes) {
        out.compact();
        if (out.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            larger.put(out);
            out = larger;
        }
        return out;
    }

    /** Writes what {@link #out} holds; false when the client cannot take all of it now. */
    private boolean flush() throws IOException {
        while (out.hasRemaining()) {
            if (sink.write(out) == 0) {
                return false;
            }
        }
        return true;
    }

    private void finishWhenFlushed() {
        try {
            if (flush()) {
                finish();
            } else {
                whenWritable(this::finish);
            }
        } catch (IOException e) {
            abort();
        }
    }

    /** The response is out: journal it, then serve the next request, wait for one, or close. */
    private void finish() {
        if (request == null) {
            return;
        }
        lastActiveNanos = System.nanoTime(); // idle from the moment the response is out
        journal();
        if (closeAfter) {
            IoUtils.safeClose(connection);
            return;
        }
        if (from < to) {
            // pipelined requests: served once the endpoint's connection is back in its pool
            ioThread().execute(this::serveBuffered);
        } else {
            from = to = 0;
            connection.getSourceChannel().resumeReads();
        }
    }

    private void journal() {
        ProxiedRequest done = request;
        request = null;
        front.journal.write(done, head.method(), "http", head.authority(), status, bodyBytes);
    }

    /** Undertow serves the connection from now on, starting with the bytes not served yet. */
    private void handOff() {
        handedOff = true;
        cancelIdleTimer();
        connection.getSourceChannel().getReadSetter().set(null);
        connection.getSourceChannel().suspendReads();
        // a listener that does nothing, not none: Undertow merges its own with the one set, and a null breaks that
        connection.getCloseSetter().set(ChannelListeners.nullChannelListener());
        front.handOff(connection, in, from, to);
    }

    private void compact() {
        System.arraycopy(in, from, in, 0, to - from);
        to -= from;
        from = 0;
    }

    /**
     * Closes a connection idle for the idle timeout. One timer per connection, armed for the rest of the time
     * whenever it fires early, so requests cost no timer operations.
     */
    private void idleCheck() {
        idleTimer = null;
        if (handedOff || !connection.isOpen()) {
            return;
        }
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(front.idleTimeoutMillis);
        long quiet = System.nanoTime() - lastActiveNanos;
        if (request == null && quiet >= idleNanos) {
            IoUtils.safeClose(connection);
        } else {
            armIdleTimer(request != null ? front.idleTimeoutMillis : TimeUnit.NANOSECONDS.toMillis(idleNanos - quiet)
                    + 1);
        }
    }

    private void armIdleTimer(long millis) {
        if (idleTimer == null) {
            idleTimer = connection.getIoThread().executeAfter(idleCheck, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.remove();
            idleTimer = null;
        }
    }
}
