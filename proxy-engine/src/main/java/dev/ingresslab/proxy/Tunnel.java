package dev.ingresslab.proxy;

import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Transfer;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of an upgraded connection (a WebSocket after its 101), spliced both ways between the client and the
 * endpoint with one pooled buffer per direction and back-pressure (a direction reads only while its other side
 * takes what it writes). When one side ends its half, the other side's half is shut down after what is in flight;
 * an error on either side closes both. As nginx's upgraded connections, it interprets nothing of what it carries.
 */
final class Tunnel {

    private Tunnel() {
    }

    /**
     * Splices {@code client} and {@code upstream}, sending {@code early} (what the endpoint sent right after its
     * 101's head) to the client first. On the connections' IO thread.
     */
    static void splice(StreamConnection client, StreamConnection upstream, ByteBuffer early, ByteBufferPool pool) {
        transfer(client, upstream, pool);
        StreamSinkChannel toClient = client.getSinkChannel();
        try {
            toClient.write(early);
        } catch (IOException e) {
            closeBoth(client, upstream);
            return;
        }
        if (!early.hasRemaining()) {
            transfer(upstream, client, pool);
            return;
        }
        toClient.getWriteSetter().set(channel -> {
            try {
                channel.write(early);
            } catch (IOException e) {
                closeBoth(client, upstream);
                return;
            }
            if (!early.hasRemaining()) {
                channel.suspendWrites();
                transfer(upstream, client, pool);
            }
        });
        toClient.resumeWrites();
    }

    /** From {@code from}'s source to {@code to}'s sink until the source ends; then the sink is shut down. */
    private static void transfer(StreamConnection from, StreamConnection to, ByteBufferPool pool) {
        Transfer.initiateTransfer(from.getSourceChannel(), to.getSinkChannel(),
                ChannelListeners.closingChannelListener(),
                ChannelListeners.writeShutdownChannelListener(ChannelListeners.flushingChannelListener(
                        ChannelListeners.closingChannelListener(), ChannelListeners.closingChannelExceptionHandler()),
                        ChannelListeners.closingChannelExceptionHandler()),
                (channel, e) -> closeBoth(from, to), (channel, e) -> closeBoth(from, to), pool);
    }

    private static void closeBoth(StreamConnection one, StreamConnection other) {
        IoUtils.safeClose(one);
        IoUtils.safeClose(other);
    }
}
