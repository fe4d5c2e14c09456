package dev.ingresslab.proxy;

import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The client's side of a forwarded request: what {@link LeanConnection} forwards and where it sends the response,
 * and where {@link LeanForwarder} reports a request that could not be forwarded. Two kinds of client: an Undertow
 * exchange ({@link ExchangeClient}: bodies and upgrades too) and a connection the front serves itself ({@link
 * FrontConnection}: body-less requests only). Everything is called on the client's IO thread.
 */
interface LeanClient {

    /** The thread the request and its upstream connections belong to. */
    XnioIoThread ioThread();

    /** A HEAD request: the response has a length but no body. */
    boolean isHeadRequest();

    /**
     * The request's body, streamed upstream after the head; null when it has none (the default: the front's
     * requests never have one).
     */
    default RequestBody requestBody() {
        return null;
    }

    /** Whether the request asks to switch protocols (a WebSocket): a 101 then hands the connection over. */
    default boolean isUpgrade() {
        return false;
    }

    /**
     * The endpoint answered an upgrade request with {@code head}, a 101: the client gets it, then {@code upstream}
     * (no longer pooled) is spliced to the client's connection, {@code early} (what the endpoint sent after the
     * head) first. Called only when {@link #isUpgrade()}.
     */
    default void upgraded(ResponseHead head, ByteBuffer early, StreamConnection upstream) {
        throw new IllegalStateException("not an upgrade request");
    }

    /** Writes the head the request is forwarded with into {@code out}; false when it does not fit. */
    boolean writeUpstreamHead(ProxiedRequest request, ByteBuffer out);

    /**
     * The endpoint's response head arrived: its status and end-to-end headers become the client's response.
     *
     * @throws ResponseHead.Malformed when the head cannot be forwarded; nothing of the response is sent then
     */
    void startResponse(ResponseHead head, ProxiedRequest request) throws ResponseHead.Malformed;

    /**
     * Writes body bytes (as the endpoint sent them, without its framing: the client side frames them) from {@code
     * data}'s position; how many it took, fewer than offered when the client is slow.
     */
    int writeBody(ByteBuffer data) throws IOException;

    /** Runs {@code then} once the client can take more body bytes (after a short {@link #writeBody}). */
    void whenWritable(Runnable then);

    /** The response is through. */
    void complete();

    /**
     * No response was started and none will come from the endpoint: 502 (no connection, or it broke), 503 (no
     * connection could be had: answered as 502 too), 504 (timeout) or 408 (the client stopped sending its body),
     * explained by {@link UpstreamFailurePage}.
     */
    void fail(int status);

    /** The response cannot be completed: the client's connection closes, so the client sees it break. */
    void abort();
}
