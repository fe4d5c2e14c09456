package dev.ingresslab.sandbox;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A watch as kubectl reads it ({@code kubectl get -w}, {@code kubectl wait}): a chunked {@code application/json}
 * answer, one event per line, as kube-apiserver's {@code WatchServer.ServeHTTP} writes it. A newline alone is the
 * heartbeat: nothing to a JSON stream reader, and a write that fails when the client has gone.
 */
final class ChunkedWatchOutput implements WatchOutput {

    private final HttpServerExchange exchange;
    private final OutputStream out;

    /** Starts the answer (its head goes out at {@link #established}); runs on a worker thread. */
    ChunkedWatchOutput(HttpServerExchange exchange) {
        this.exchange = exchange;
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        this.out = exchange.getOutputStream();
    }

    @Override
    public void established() throws IOException {
        out.flush(); // the head: the watch is established
    }

    @Override
    public void event(byte[] event) throws IOException {
        out.write(event);
        out.write('\n');
        out.flush();
    }

    @Override
    public void heartbeat() throws IOException {
        out.write('\n');
        out.flush();
    }

    @Override
    public void fail(ApiStatus status) {
        try {
            if (exchange.isResponseStarted()) {
                event(status.watchError());
            } else {
                exchange.setStatusCode(status.code());
                out.write(status.json().getBytes(StandardCharsets.UTF_8));
            }
            finish();
        } catch (IOException e) {
            drop();
        }
    }

    @Override
    public boolean open() {
        return exchange.getConnection().isOpen();
    }

    @Override
    public void finish() {
        IoUtils.safeClose(out); // the last chunk
    }

    @Override
    public void drop() {
        IoUtils.safeClose(exchange.getConnection());
    }

    @Override
    public void goAway() {
        drop(); // HTTP has no goodbye for a streamed answer; kube-apiserver's shutdown cuts it too
    }
}
