package dev.ingresslab.proxy;

import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a front connection's responses on their way to the client: heads and pages queued whole, body bytes
 * written from the caller's buffer (with a queued head, in one gathering write) or, for a body the endpoint chunked,
 * re-chunked; and the wait for a client that does not take them as fast as they come. Confined to the connection's IO
 * thread.
 */
final class FrontOutput {

    private static final int FIRST_QUEUE_BYTES = 1024;
    /** The most body bytes re-chunked in one chunk. */
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final byte[] CHUNK_END = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ConduitStreamSinkChannel sink;
    /** Runs when a write fails while waiting for the client: the connection is broken. */
    private final Runnable broken;
    /** Bytes queued and not yet written, in read mode. */
    private ByteBuffer queued = ByteBuffer.allocate(FIRST_QUEUE_BYTES).flip();
    private final ByteBuffer[] gathered = new ByteBuffer[2];
    private final ChannelListener<ConduitStreamSinkChannel> writable = this::writable;
    private Runnable whenWritable;
    private boolean chunked;
    private long bodyBytes;

    FrontOutput(ConduitStreamSinkChannel sink, Runnable broken) {
        this.sink = sink;
        this.broken = broken;
    }

    /** A new response: its body is {@code chunked} (re-chunked) or written as it is. */
    void startResponse(boolean rechunk) {
        chunked = rechunk;
        bodyBytes = 0;
    }

    /** The body bytes written so far for this response, framing not counted. */
    long bodyBytes() {
        return bodyBytes;
    }

    /** Queues what {@code composer} holds, to be written before anything written after. */
    void queue(HeadComposer composer) {
        ByteBuffer into = appendable(composer.length());
        composer.copyTo(into);
        into.flip();
    }

    /** Queues a whole body (a page of ours). */
    void queueBody(byte[] body) {
        appendable(body.length).put(body).flip();
        bodyBytes += body.length;
    }

    /** Writes body bytes from {@code data}'s position; how many the client took. */
    int writeBody(ByteBuffer data) throws IOException {
        if (chunked) {
            return writeChunk(data);
        }
        int offered = data.remaining();
        if (queued.hasRemaining()) {
            // the response head and the first body bytes in one write
            gathered[0] = queued;
            gathered[1] = data;
            sink.write(gathered, 0, 2);
        } else {
            sink.write(data);
        }
        int written = offered - data.remaining();
        bodyBytes += written;
        return written;
    }

    /** One chunk per piece, framed in the queue. */
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

    /** The body is through: a re-chunked one gets its last chunk. */
    void endBody() {
        if (chunked) {
            appendable(LAST_CHUNK.length).put(LAST_CHUNK).flip();
        }
    }

    /** Writes what is queued; false when the client cannot take all of it now. */
    boolean flush() throws IOException {
        while (queued.hasRemaining()) {
            if (sink.write(queued) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code then} once the client has taken what is queued and can take more. */
    void whenWritable(Runnable then) {
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
            broken.run();
            return;
        }
        channel.suspendWrites();
        Runnable then = whenWritable;
        whenWritable = null;
        if (then != null) {
            then.run();
        }
    }

    /** The queue, ready to take {@code bytes} more after what it holds, in write mode; the caller flips it back. */
    private ByteBuffer appendable(int bytes) {
        queued.compact();
        if (queued.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(queued.capacity() * 2, queued.position() + bytes));
            queued.flip();
            larger.put(queued);
            queued = larger;
        }
        return queued;
    }
}
