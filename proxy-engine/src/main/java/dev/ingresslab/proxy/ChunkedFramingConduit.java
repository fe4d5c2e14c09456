package dev.ingresslab.proxy;

import io.undertow.client.ClientConnection;
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
 * {@link IOException} that says what was wrong. The connection the body was being forwarded on is cut first, so the
 * backend never gets a whole request; the forward then fails at once, and {@link UpstreamFailurePage} answers the
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
     * Cuts the connection the body is being forwarded on, before the proxy handler closes it the clean way: Undertow's
     * client, closing cleanly, ends the chunked body it was writing with a last chunk, and the backend would take
     * what came before the fault for a whole request. {@link ClientConnection#performUpgrade} is the one public way to
     * the raw connection under the client's chunked encoder; closing that connection sends nothing more.
     */
    private void abortForward(String reason) {
        ProxiedRequest request = exchange.getAttachment(ProxiedRequest.KEY);
        if (request == null) {
            return; // not being forwarded (a 404, a redirect): the exchange ends with the client's connection
        }
        request.requestFault = reason; // the forward fails at once: its page is then a 400 that says this
        ClientConnection upstream = request.upstream;
        if (upstream != null && upstream.isOpen()) {
            try {
                IoUtils.safeClose(upstream.performUpgrade());
            } catch (IOException e) {
                IoUtils.safeClose(upstream); // already closing: nothing more is written on it
            }
        }
    }
}
