package dev.ingresslab.proxy;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import io.undertow.util.Headers;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
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

    private static final byte[] CONTENT_LENGTH = HeadComposer.ascii("Content-Length: ");
    private static final byte[] CHUNKED = HeadComposer.ascii("Transfer-Encoding: chunked\r\n");

    private final FrontListener front;
    private final StreamConnection connection;
    private final byte[] in;
    private final ByteBuffer inView;
    /** The bytes read and not yet served: from {@code from} to {@code to} in {@link #in}. */
    private int from;
    private int to;
    private final FrontHead head = new FrontHead();
    private final String client;
    private final ForwardingPolicy.ConnectionLines upstreamLines;
    private boolean handedOff;
    /** Reads are suspended: the buffer is full, or the client closed its side. */
    private boolean readsPaused;

    /** The request in flight, or null between requests. */
    private ProxiedRequest request;
    private boolean closeAfter;
    private int status;
    private final FrontOutput output;

    private long lastActiveNanos;
    private XnioExecutor.Key idleTimer;
    private final Runnable idleCheck = this::idleCheck;

    FrontConnection(FrontListener front, StreamConnection connection) {
        this.front = front;
        this.connection = connection;
        this.output = new FrontOutput(connection.getSinkChannel(), this::abort);
        this.in = new byte[front.bufferBytes()];
        this.inView = ByteBuffer.wrap(in);
        this.client = ClientAddresses.of(connection.getPeerAddress(InetSocketAddress.class));
        InetSocketAddress local = connection.getLocalAddress(InetSocketAddress.class);
        this.upstreamLines = ForwardingPolicy.ConnectionLines.of("http",
                local == null ? "" : Integer.toString(local.getPort()), client);
    }

    void start() {
        connection.getCloseSetter().set(closed -> cancelIdleTimer());
        connection.getSourceChannel().getReadSetter().set(this);
        lastActiveNanos = System.nanoTime();
        armIdleTimer(front.idleTimeoutMillis);
        connection.getSourceChannel().resumeReads();
    }

    /**
     * Reads what the client sends. Reads stay armed while a request is in flight (a pipelined request's bytes wait
     * behind it in the buffer), so that a request costs no interest changes; they pause only when the buffer is
     * full or the client has closed its side.
     */
    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        try {
            if (to == in.length) {
                if (request != null) {
                    pauseReads(); // the buffer holds the request in flight and more: the rest waits its turn
                    return;
                }
                compact();
                if (to == in.length) {
                    handOff(); // a head larger than the front takes: Undertow answers it (431, or serves it)
                    return;
                }
            }
            inView.limit(in.length).position(to);
            int read = source.read(inView);
            if (read < 0) {
                if (request == null) {
                    IoUtils.safeClose(connection);
                } else {
                    closeAfter = true; // the client sends no more: answer the request in flight, then close
                    pauseReads();
                }
                return;
            }
            if (read > 0) {
                to += read;
                lastActiveNanos = System.nanoTime();
                if (request == null) {
                    serveBuffered();
                }
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
            if (readsPaused) {
                readsPaused = false;
                connection.getSourceChannel().resumeReads();
            }
        }
    }

    private void pauseReads() {
        readsPaused = true;
        connection.getSourceChannel().suspendReads();
    }

    /** Forwards the parsed request when its route sends it to a backend; false for Undertow to answer it. */
    private boolean forward() {
        RouteTable table = front.tables.get();
        Decision decision = table.match(head, ThreadLocalRandom.current());
        if (decision.outcome() != Outcome.ROUTED || decision.backend().endpoints().isEmpty()) {
            return false; // 404, 503, redirects and 400s have their pages on the general path
        }
        if (!decision.route().filters().isEmpty() && decision.route().filters().changesHeaders()) {
            return false; // an HTTPRoute's header filters are applied on the general path; Ingress routes have none
        }
        request = new ProxiedRequest(table, decision, head.target(), RequestIds.keptOrNew(head.requestId()), client,
                System.nanoTime(), System.currentTimeMillis(), front.journal);
        if (front.journal.capturesDetails()) {
            request.received(in, from, from + head.length()); // copied with the response head: they stay till then
        }
        from += head.length(); // the head's bytes stay as they are until the response is through
        closeAfter = head.connection().close();
        status = 0;
        output.startResponse(false);
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
        return UpstreamRequestHead.write(head, forwarded, upstreamLines, upstream);
    }

    @Override
    public void startResponse(ResponseHead response, ProxiedRequest forwarded) throws ResponseHead.Malformed {
        boolean headRequest = head.isHeadRequest();
        boolean rechunk = false;
        boolean closeAtEnd = closeAfter;
        HeadComposer composer = HeadComposer.ofThisThread();
        try {
            composer.bytes(ResponseLines.status(response.status()));
            response.copyEndToEnd(composer);
            long length = response.lengthToForward(headRequest);
            if (length >= 0) {
                composer.bytes(CONTENT_LENGTH).number(length).bytes(HeadComposer.CRLF);
            } else if (!response.bodiless(headRequest)) {
                if (response.chunked()) {
                    rechunk = true;
                    composer.bytes(CHUNKED);
                } else {
                    closeAtEnd = true; // framed by the connection's end: so is ours
                }
            }
            endHead(composer, response.dated(), closeAtEnd);
        } catch (IndexOutOfBoundsException e) {
            throw new ResponseHead.Malformed("its head is too large to forward with the proxy's own headers");
        }
        status = response.status();
        closeAfter = closeAtEnd;
        forwarded.sent(composer);
        output.startResponse(rechunk);
        output.queue(composer);
    }

    @Override
    public int writeBody(ByteBuffer data) throws IOException {
        return output.writeBody(data);
    }

    @Override
    public void whenWritable(Runnable then) {
        output.whenWritable(then);
    }

    @Override
    public void complete() {
        output.endBody();
        finishWhenFlushed();
    }

    @Override
    public void fail(int failure) {
        ErrorPage page = UpstreamFailurePage.page(failure, request);
        boolean html = head.acceptsHtml();
        byte[] body = page.body(html, head.method(), ErrorPage.where(head.authority(), head.target()))
                .getBytes(StandardCharsets.UTF_8);
        status = page.status();
        HeadComposer composer = HeadComposer.ofThisThread().bytes(ResponseLines.status(status))
                .header(Headers.CONTENT_TYPE_STRING, ErrorPage.contentType(html))
                .header(Headers.CACHE_CONTROL_STRING, "no-store")
                .header(Headers.CONTENT_LENGTH_STRING, Integer.toString(body.length));
        endHead(composer, false, closeAfter);
        request.sent(composer);
        output.queue(composer);
        if (!head.isHeadRequest()) {
            output.queueBody(body);
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

    /** Ends a response head with the headers every answer of ours carries. */
    private void endHead(HeadComposer composer, boolean dated, boolean closing) {
        if (!dated) {
            composer.bytes(HttpDates.line());
        }
        if (front.routeHeader) {
            composer.bytes(ResponseLines.RouteHeaders.ofThisThread().line(request.route));
        }
        // said on every response, as Undertow's listener and nginx do, though HTTP/1.1 implies keep-alive
        composer.bytes(closing ? ResponseLines.CLOSE_END : ResponseLines.KEEP_ALIVE_END);
    }

    private void finishWhenFlushed() {
        try {
            if (output.flush()) {
                finish();
            } else {
                output.whenWritable(this::finish);
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
            // what came meanwhile (pipelined requests): served once the endpoint's connection is back in its pool
            ioThread().execute(this::serveBuffered);
        } else {
            serveBuffered(); // nothing to serve: it resumes reads if the buffer had filled
        }
    }

    private void journal() {
        ProxiedRequest done = request;
        request = null;
        front.journal.write(done, head.method(), "http", head.authority(), status, output.bodyBytes());
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
