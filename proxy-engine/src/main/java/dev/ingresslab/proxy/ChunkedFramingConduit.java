package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sits under Undertow's chunked decoder on a client connection and checks the raw bytes of a chunked request body
 * with {@link ChunkedFraming} as they are read, passing them on unchanged. At the first fault the read fails with an
 * {@link IOException} that says what was wrong; the connection the body was being forwarded on is then cut
 * ({@link RequestBody}), so the backend never gets a whole request, and {@link UpstreamFailurePage} answers the
 * client with a 400 that names the fault (when no response has started), before Undertow's decoder closes the
 * client's connection. (A fault in the bytes that
 * arrived with the head is found before anything is forwarded, and answered with a 400: {@link RequestFraming}.)
 */
final class ChunkedFramingConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private final ChunkedFraming framing;
    private final HttpServerExchange exchange;

    ChunkedFramingConduit(StreamSourceConduit next, ChunkedFraming framing, HttpServerExchange exchange) {
        super(next);
        this.framing = framing;
        this.exchange = exchange;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int read = next.read(dst);
        if (read > 0) {
            check(dst, start, dst.position());
        }
        return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = dsts[offs + i].position();
        }
        long read = next.read(dsts, offs, len);
        for (int i = 0; read > 0 && i < len; i++) {
            check(dsts[offs + i], starts[i], dsts[offs + i].position());
        }
        return read;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count); // through read()
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    private void check(ByteBuffer buffer, int from, int to) throws IOException {
        if (framing.done() || to == from) {
            return; // after the body: the next request's bytes, Undertow's parser reads them
        }
        ByteBuffer read = buffer.duplicate();
        read.limit(to).position(from);
        String fault = framing.check(read);
        if (fault != null) {
            String reason = "the request's chunked body is malformed: " + fault;
            abortForward(reason);
            throw new IOException(reason);
        }
    }

    /**
     * Reports the fault to the body being forwarded, which cuts the upstream connection (it writes the chunk framing
     * itself, so nothing of a last chunk is ever sent) and answers the client with the 400 that says this, now:
     * once this read fails, Undertow's decoder closes the client's connection.
     */
    private void abortForward(String reason) {
        RequestBody body = exchange.getAttachment(RequestBody.KEY);
        if (body != null) { // else not forwarded (a 404, a redirect): the exchange ends with the client's connection
            body.clientFault(reason);
        }
    }
}
