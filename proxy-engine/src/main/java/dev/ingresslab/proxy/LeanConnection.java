package dev.ingresslab.proxy;

import dev.ingresslab.text.Plural;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive HTTP/1.1 connection to an endpoint, owned by one IO thread: it writes a request head (and streams
 * the request's body, {@link RequestBody}, when it has one), reads the response head strictly ({@link ResponseHead},
 * at most {@link #BUFFER_BYTES} of it; interim 1xx responses skipped), and streams the body to the client as it
 * arrives ({@link ChunkedBody} for a chunked one), with back-pressure (reads stop while the client is slow). After a
 * 101 to an upgrade request the connection leaves the pool and is handed to the client whole ({@link Tunnel}).
 * Reads stay armed between requests, so the idle connection notices at once when the endpoint closes it, and no
 * request pays for re-arming them. Every request the proxy forwards to a plain-HTTP endpoint goes through one.
 */
final class LeanConnection implements ChannelListener<StreamSourceChannel>, RequestBody.Events {

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
        void failedBeforeResponse(LeanClient client, ProxiedRequest request, String why, boolean stale);

        /** The connection is closed (by either side) and must not be used again. */
        void closed(LeanConnection connection);
    }

    final EndpointPools.Pool pool;
    private final StreamConnection connection;
    private final Owner owner;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);

    /** The client of the request in flight; null while the connection is idle. */
    private LeanClient client;
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
    /** Where each response's head is read into. */
    private final ResponseHead response = new ResponseHead();
    /** The head of the response in flight once it has been read whole, else null. */
    private ResponseHead head;
    private long remaining;
    /** Body bytes of the response in flight the client has taken: for the note when it breaks off. */
    private long forwarded;
    private ChunkedBody chunks;
    /** The buffer holds unsent body bytes in read mode, waiting for the client to take them. */
    private boolean draining;
    /** The request's body while it streams upstream; null for a request without one. */
    private RequestBody body;
    /**
     * The connection ends with this response: it came before the whole request body went up (an early 413), or the
     * request offered an upgrade the endpoint declined. A server that declined may still close the connection
     * without saying so (and some treat what follows as the new protocol), so such a connection is never reused:
     * the next request, whose body cannot be sent twice, would meet that close.
     */
    private boolean closeAfterResponse;

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

    /** Sends the client's request; the response arrives through {@link #handleEvent}. On the IO thread. */
    void send(LeanClient client, ProxiedRequest request, boolean reused, long timeoutMillis) {
        long now = System.nanoTime();
        request.connectedNanos = now;
        this.client = client;
        this.request = request;
        this.reused = reused;
        this.headRequest = client.isHeadRequest();
        this.head = null;
        this.chunks = null;
        this.draining = false;
        this.forwarded = 0;
        this.closeAfterResponse = client.isUpgrade();
        this.body = client.requestBody();
        buffer.clear();
        ByteBuffer out = buffer;
        if (client.writeUpstreamHead(request, buffer)) {
            buffer.flip();
        } else {
            // a head over the buffer (up to the largest head accepted and the edge's fields): written from where it
            // was composed; only one over the composer is refused
            out = HeadComposer.composedOnThisThread();
            if (out == null) {
                fail("the request head is larger than " + 2 * BUFFER_BYTES + " bytes");
                return;
            }
        }
        try {
            while (out.hasRemaining()) {
                if (connection.getSinkChannel().write(out) == 0) {
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
        if (body != null) {
            body.start(connection.getSinkChannel(), this);
        }
    }

    @Override
    public void bodyProgress() {
        lastReadNanos = System.nanoTime(); // the upstream timeout counts from the last progress, as nginx's send timeout
    }

    @Override
    public void bodySent() {
        lastReadNanos = System.nanoTime(); // the wait for the response starts now
    }

    @Override
    public void bodyFailed(String fault) {
        if (client == null) {
            return;
        }
        if (fault != null) {
            request.requestFault = fault; // the 502 becomes the 400 that names it (UpstreamFailurePage)
        }
        if (head == null) {
            LeanClient failed = client;
            clear();
            IoUtils.safeClose(connection); // cut, never ended: the endpoint gets no whole request
            failed.fail(502);
        } else {
            abort(fault != null ? "the client's request body is malformed (" + fault + "), after " + progress()
                    : "the client went away while sending its body, after " + progress());
        }
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        if (client == null) {
            // idle: the endpoint closed the connection (or sent bytes nobody asked for)
            IoUtils.safeClose(connection);
            return;
        }
        int read;
        try {
            read = source.read(buffer);
        } catch (IOException e) {
            if (head == null) {
                failBeforeResponse("the connection broke: " + e.getMessage());
            } else {
                abort("the connection to the endpoint broke (" + e.getMessage() + ") after " + progress());
            }
            return;
        }
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
        try {
            process();
        } catch (IOException e) {
            // only writes to the client throw here: the endpoint's bytes were read above
            if (head == null) {
                failBeforeResponse("the connection broke: " + e.getMessage());
            } else {
                abort(clientGone());
            }
        } catch (ResponseHead.Malformed | ChunkedBody.Malformed e) {
            request.responseMalformed = true;
            fail("the endpoint's response is malformed: " + e.getMessage());
        }
    }

    /** Works through the bytes in the buffer (read mode): the head, then body bytes to the client. */
    private void process() throws IOException, ResponseHead.Malformed, ChunkedBody.Malformed {
        if (head == null) {
            if (!response.read(buffer)) {
                refill();
                if (!buffer.hasRemaining()) { // the whole buffer holds part of a head
                    throw new ResponseHead.Malformed("its head is larger than " + BUFFER_BYTES + " bytes");
                }
                return;
            }
            if (response.status() == 101) {
                if (!client.isUpgrade()) {
                    throw new ResponseHead.Malformed("it switched protocols (101) though the request asked for no"
                            + " upgrade");
                }
                upgrade();
                return;
            }
            if (response.status() / 100 == 1) {
                // an interim response (100 Continue, 102 Processing, 103 Early Hints): skipped, the final one follows.
                // The proxy answered the client's Expect itself (RequestBody), as nginx does.
                process();
                return;
            }
            startResponse(response);
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
            written = client.writeBody(buffer);
        } finally {
            buffer.limit(limit);
        }
        remaining -= written;
        forwarded += written;
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
        forwarded += client.writeBody(data);
        if (data.hasRemaining()) {
            waitForClient(data);
            return false;
        }
        return true;
    }

    /**
     * The client's response starts from the upstream head; the body follows. A head the client cannot take is
     * malformed, and the client hears a 502 (nothing of the response is sent before it is taken).
     */
    private void startResponse(ResponseHead parsed) throws ResponseHead.Malformed {
        request.firstByteNanos = lastReadNanos;
        if (body != null && !body.done()) {
            // the endpoint answered before taking the whole body (an early 413): as nginx, the response is
            // forwarded, no more of the body is sent, and the connection, mid-request, is not used again
            body.stop();
            closeAfterResponse = true;
        }
        client.startResponse(parsed, request);
        head = parsed;
        remaining = head.contentLength();
        chunks = head.chunked() ? new ChunkedBody() : null;
    }

    /**
     * The client cannot take more now: reads from the endpoint stop until it can. A chunk's data view ({@code
     * pending}) holds its own position, so for a chunked body the rest of the view is written before the buffer
     * moves on; other bodies pass null.
     */
    private void waitForClient(ByteBuffer pending) {
        connection.getSourceChannel().suspendReads();
        client.whenWritable(() -> clientCaughtUp(pending));
    }

    private void clientCaughtUp(ByteBuffer pending) {
        if (client == null) {
            return; // the request ended meanwhile (timed out, or the endpoint closed)
        }
        try {
            if (pending != null) {
                forwarded += client.writeBody(pending);
                if (pending.hasRemaining()) {
                    client.whenWritable(() -> clientCaughtUp(pending));
                    return;
                }
            }
            connection.getSourceChannel().resumeReads();
            process();
        } catch (IOException e) {
            abort(clientGone());
        } catch (ResponseHead.Malformed | ChunkedBody.Malformed e) {
            abort("the endpoint's response is malformed (" + e.getMessage() + ") after " + progress());
        }
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
            // a truncated body: the client must see the response break, not a short one
            abort("the endpoint closed the connection after " + progress());
        }
    }

    /** The response is through: complete the client's response and give the connection back, or close it. */
    private void finish() {
        LeanClient done = client;
        boolean keep = !head.close() && !closeAfterResponse && (chunks == null ? head.contentLength() >= 0 || head.bodiless(headRequest)
                : chunks.done()) && !(draining && buffer.hasRemaining());
        clear();
        done.complete();
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
        if (client == null) {
            return;
        }
        long quiet = System.nanoTime() - lastReadNanos; // or since the request body last moved
        if (quiet < timeoutNanos || draining) {
            // bytes came meanwhile, or the client is the slow one: wait on
            timeout = connection.getIoThread().executeAfter(timeoutCheck, Math.max(1, timeoutNanos - quiet),
                    TimeUnit.NANOSECONDS);
        } else if (head == null && body != null && body.waitingForClient()) {
            // the client stopped sending its body, not the endpoint answering: 408 as nginx's client_body_timeout,
            // and the endpoint, cut off, gets no whole request
            LeanClient late = client;
            clear();
            IoUtils.safeClose(connection);
            late.fail(408);
        } else if (head == null) {
            LeanClient late = client;
            clear();
            IoUtils.safeClose(connection);
            late.fail(504);
        } else {
            abort("the endpoint sent nothing for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (the upstream"
                    + " timeout) after " + progress());
        }
    }

    /** The request failed before any response byte: the owner retries it or answers 502. */
    private void failBeforeResponse(String why) {
        LeanClient failed = client;
        ProxiedRequest state = request;
        // a body that began to be read cannot be sent again: such a request is not retried (it is not idempotent)
        boolean stale = reused && (body == null || !body.started());
        clear();
        IoUtils.safeClose(connection);
        if (failed != null) {
            owner.failedBeforeResponse(failed, state, why, stale);
        }
    }

    /** A failure the client hears as a 502 (before the response started) or as a broken response (after). */
    private void fail(String why) {
        if (head == null) {
            LeanClient failed = client;
            request.connectFailure = why;
            clear();
            IoUtils.safeClose(connection);
            failed.fail(502);
        } else {
            abort(why + ", after " + progress());
        }
    }

    /** How far the response in flight got, for a note: "1000 of 100000 bytes", "1000 bytes of its chunked body". */
    private String progress() {
        if (head == null) {
            return "none of the response";
        }
        if (chunks != null) {
            return Plural.of(forwarded, "byte") + " of its chunked body";
        }
        return head.contentLength() >= 0 ? forwarded + " of " + Plural.of(head.contentLength(), "byte")
                : Plural.of(forwarded, "byte");
    }

    private String clientGone() {
        return "the client went away after " + progress();
    }

    /**
     * The response cannot be completed: both connections close, so the client sees it break. {@code why} becomes the
     * request's note in the access log and journal (who cut it, and how far it got).
     */
    private void abort(String why) {
        if (request != null) {
            request.responseBreak = why;
        }
        LeanClient broken = client;
        clear();
        IoUtils.safeClose(connection);
        if (broken != null) {
            broken.abort();
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
        client = null;
        request = null;
        if (body != null) {
            body.stop();
            body = null;
        }
    }

    /**
     * The endpoint switched protocols for an upgrade request: the connection leaves the pool, and the client gets
     * the 101 and, with it, the connection and whatever the endpoint sent after the 101's head.
     */
    private void upgrade() {
        request.firstByteNanos = lastReadNanos;
        LeanClient upgraded = client;
        ByteBuffer early = ByteBuffer.allocate(buffer.remaining());
        early.put(buffer).flip();
        clear();
        cancelTimeout();
        connection.getCloseSetter().set(closed -> { }); // the pool's accounting is done below, once
        connection.getSourceChannel().getReadSetter().set(channel -> { }); // the tunnel sets its own
        connection.getSourceChannel().suspendReads();
        owner.closed(this); // no longer the pool's
        upgraded.upgraded(response, early, connection);
    }

    void close() {
        IoUtils.safeClose(connection);
    }
}
