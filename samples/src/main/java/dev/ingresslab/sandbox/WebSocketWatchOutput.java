package dev.ingresslab.sandbox;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A watch over a WebSocket, as fabric8's client asks for it first ({@code WatchConnectionManager}) and kube-apiserver
 * serves it ({@code WatchServer.HandleWS} in k8s.io/apiserver {@code pkg/endpoints/handlers/watch.go}): each event is
 * one text message, the event's JSON and a line end (what Go's JSON encoder writes, JSON being a text encoding). What
 * the client sends is ignored, as the API server ignores it, but for the protocol's own frames: a ping is answered
 * with a pong, a close with a close (Undertow's {@link AbstractReceiveListener}). A quiet watch's heartbeat is a ping
 * (RFC 6455 §5.5.2), which clients answer by themselves.
 *
 * <p>Writes block the watch's writer (a worker thread, as a chunked watch's do); a client that stops reading is
 * dropped by its {@link WatchBuffer} as a chunked watch's is, and the drop, which closes the connection, ends a write
 * blocked on it.
 */
final class WebSocketWatchOutput implements WatchOutput {

    /** How long a goodbye (a close message) may take to go out before the connection is cut anyway. */
    static final long CLOSE_GRACE_MILLIS = 1000;

    /** RFC 6455 §7.4.1: the endpoint is going away (a server going down). */
    static final int GOING_AWAY = 1001;
    /** RFC 6455 §7.4.1: a normal closure (the watch's timeout or failure, as kube-apiserver ends such a watch). */
    static final int NORMAL = 1000;

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final WebSocketChannel channel;

    /**
     * Starts reading what the client sends (only the protocol's frames matter) and runs {@code onClose} when the
     * connection closes, by either side: a writer waiting for events then learns at once that its client is gone.
     */
    WebSocketWatchOutput(WebSocketChannel channel, Runnable onClose) {
        this.channel = channel;
        channel.addCloseTask(closed -> onClose.run());
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ignored, BufferedTextMessage message) {
                // a watch takes no input (kube-apiserver's HandleWS ignores what it receives)
            }
        });
        channel.resumeReceives();
    }

    @Override
    public void established() {
        // the upgrade's 101 answer said so already
    }

    @Override
    public void event(byte[] event) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(event.length + 1).put(event).put((byte) '\n').flip();
        WebSockets.sendTextBlocking(message, channel);
    }

    @Override
    public void heartbeat() throws IOException {
        WebSockets.sendPingBlocking(NO_DATA.duplicate(), channel);
    }

    @Override
    public void fail(ApiStatus status) {
        try {
            event(status.watchError()); // the 101 has gone out: the Status can only be an event
            finish();
        } catch (IOException e) {
            drop();
        }
    }

    @Override
    public boolean open() {
        return channel.isOpen() && !channel.isCloseFrameReceived();
    }

    @Override
    public void finish() {
        close(NORMAL, "the watch ended");
    }

    @Override
    public void drop() {
        IoUtils.safeClose(channel);
    }

    @Override
    public void goAway() {
        close(GOING_AWAY, "the sandbox is stopping");
    }

    /**
     * Sends a close message; the connection ends when the client's close answers it, or is cut after
     * {@link #CLOSE_GRACE_MILLIS}.
     */
    private void close(int code, String reason) {
        if (!channel.isOpen() || channel.isCloseFrameSent()) {
            return;
        }
        WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel closing, Void context) {
                // the client answers with its close, on which Undertow closes the connection
            }

            @Override
            public void onError(WebSocketChannel closing, Void context, Throwable error) {
                IoUtils.safeClose(closing);
            }
        });
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MILLIS,
                TimeUnit.MILLISECONDS);
    }
}
