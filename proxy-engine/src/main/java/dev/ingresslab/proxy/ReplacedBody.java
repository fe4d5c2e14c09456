package dev.ingresslab.proxy;

import io.undertow.client.ClientConnection;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A client's response body replaced by a page of ours: what the proxy handler writes (the backend's body) is
 * discarded, the page goes out instead, and once it is out the connection to the backend is closed, so that nothing
 * more of a response whose framing cannot be trusted is read. The head, framed for the page, was set before this
 * was made ({@link ResponseFraming}).
 */
final class ReplacedBody extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final ByteBuffer page;
    private final ClientConnection upstream;
    private boolean terminated;
    private boolean passedOn;

    ReplacedBody(StreamSinkConduit next, byte[] page, ClientConnection upstream) {
        super(next);
        this.page = ByteBuffer.wrap(page);
        this.upstream = upstream;
    }

    /** Writes what it can of the page; true when all of it is out. */
    private boolean writePage() throws IOException {
        while (page.hasRemaining()) {
            if (next.write(page) == 0) {
                return false;
            }
        }
        IoUtils.safeClose(upstream);
        return true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        writePage();
        int discarded = src.remaining();
        src.position(src.limit());
        return discarded;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        writePage();
        long discarded = 0;
        for (int i = offs; i < offs + len; i++) {
            discarded += srcs[i].remaining();
            srcs[i].position(srcs[i].limit());
        }
        return discarded;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offs, len);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return src.transferTo(position, count, new ConduitWritableByteChannel(this));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
    }

    @Override
    public void terminateWrites() throws IOException {
        terminated = true;
        flush();
    }

    @Override
    public boolean flush() throws IOException {
        if (!writePage()) {
            return false;
        }
        if (terminated && !passedOn) {
            passedOn = true;
            next.terminateWrites();
        }
        return next.flush();
    }
}
