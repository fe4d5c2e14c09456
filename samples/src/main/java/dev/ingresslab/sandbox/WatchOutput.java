package dev.ingresslab.sandbox;

import java.io.IOException;

/**
 * Where one watch's events are written, one JSON watch event ({@code {"type":…,"object":…}}) at a time: the lines of
 * a chunked HTTP answer ({@link ChunkedWatchOutput}, what kubectl reads) or the text messages of a WebSocket
 * ({@link WebSocketWatchOutput}, what fabric8's client asks for first). kube-apiserver serves both from one watch
 * ({@code WatchServer.ServeHTTP} and {@code HandleWS} in k8s.io/apiserver {@code pkg/endpoints/handlers/watch.go}).
 * One thread writes (the watch's writer); {@link #drop} and {@link #goAway} may be called from any other.
 */
interface WatchOutput {

    /** The watch is established (its initial events are queued): a client may count on every change from now. */
    void established() throws IOException;

    /** Writes one event (UTF-8 JSON, no line end) and sends it on at once. */
    void event(byte[] event) throws IOException;

    /**
     * A quiet watch's heartbeat when no bookmark is due: something the client ignores, whose failure to go out tells
     * the writer the client is gone.
     */
    void heartbeat() throws IOException;

    /**
     * The watch failed (the store could not serve it): the client gets the {@code Status}, as the answer when
     * nothing was sent yet, else as an ERROR event ({@code {"type":"ERROR","object":{Status}}}), as kube-apiserver's
     * {@code WatchServer} sends a {@code watch.Error}; kubectl prints it as {@code Error from server (…)}, an informer
     * lists and watches again. Then the watch ends.
     */
    void fail(ApiStatus status);

    /** False once the client went away or the connection was cut. */
    boolean open();

    /** The watch ended by itself (its timeout): ends the answer as the API server ends it. Never blocks. */
    void finish();

    /**
     * Cuts the connection at once, without a goodbye: a watcher that fell behind (a write blocked on it then fails).
     */
    void drop();

    /**
     * The sandbox is stopping: says goodbye where the protocol has a word for it (a WebSocket close, 1001 "going
     * away", RFC 6455 §7.4.1), else cuts the connection. Never blocks; the caller cuts what is still open after
     * a moment ({@link #drop}).
     */
    void goAway();
}
