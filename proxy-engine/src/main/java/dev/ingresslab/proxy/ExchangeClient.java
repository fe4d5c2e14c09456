package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A client that Undertow parsed: requests over TLS and HTTP/2, and those the front handed over (bodies, upgrades,
 * HTTP/1.0, heads it does not take). Undertow frames the response body and writes the head; the request's body, when
 * it has one, streams upstream through {@link RequestBody}; an upgrade, after the endpoint's 101, becomes a {@link
 * Tunnel}. Failures end the exchange with a bare status that {@link ProxiedRequest}, the exchange's
 * default-response hook, has explained.
 */
final class ExchangeClient implements LeanClient {

    private final HttpServerExchange exchange;
    private final boolean headRequest;
    /** The request's body, or null. */
    private final RequestBody body;
    private final boolean upgrade;
    private StreamSinkChannel sink;

    /** A body-less request that is no upgrade (the lean path's): no more is looked up than it needs. */
    ExchangeClient(HttpServerExchange exchange) {
        this.exchange = exchange;
        this.headRequest = exchange.getRequestMethod().equalToString("HEAD");
        this.body = null;
        this.upgrade = false;
    }

    /**
     * Any other request: its body is streamed, and an upgrade ({@code Upgrade} survives {@link
     * ForwardingPolicy#clear} only on a real one) is spliced after a 101.
     */
    ExchangeClient(HttpServerExchange exchange, ProxiedRequest request) {
        this.exchange = exchange;
        this.headRequest = exchange.getRequestMethod().equalToString("HEAD");
        this.body = RequestBody.of(exchange, request);
        this.upgrade = exchange.getRequestHeaders().contains(Headers.UPGRADE);
    }

    @Override
    public RequestBody requestBody() {
        return body;
    }

    @Override
    public boolean isUpgrade() {
        return upgrade;
    }

    @Override
    public void upgraded(ResponseHead head, ByteBuffer early, StreamConnection upstream) {
        HeaderMap headers = exchange.getResponseHeaders();
        for (int field = 0; field < head.fieldCount(); field++) {
            if (head.endToEnd(field)) {
                headers.add(head.name(field), head.value(field));
            } else if (head.name(field).equals(Headers.UPGRADE)) {
                headers.put(Headers.UPGRADE, head.value(field)); // the protocol switched to, for the client too
            }
        }
        // Undertow answers 101 with Connection: Upgrade, then hands the client's connection over
        exchange.upgradeChannel((client, upgradedExchange) -> Tunnel.splice(client, upstream, early,
                upgradedExchange.getConnection().getByteBufferPool()));
        exchange.endExchange();
    }

    @Override
    public XnioIoThread ioThread() {
        return exchange.getIoThread();
    }

    @Override
    public boolean isHeadRequest() {
        return headRequest;
    }

    @Override
    public boolean writeUpstreamHead(ProxiedRequest request, ByteBuffer out) {
        return UpstreamRequestHead.write(exchange, request, body, out);
    }

    @Override
    public void startResponse(ResponseHead head, ProxiedRequest request) {
        exchange.setStatusCode(head.status());
        HeaderMap headers = exchange.getResponseHeaders();
        for (int field = 0; field < head.fieldCount(); field++) {
            if (head.endToEnd(field)) {
                headers.add(head.name(field), head.value(field));
            }
        }
        long length = head.lengthToForward(headRequest);
        if (length >= 0) {
            headers.put(Headers.CONTENT_LENGTH, length);
        }
        if (!head.bodiless(headRequest)) {
            sink = exchange.getResponseChannel();
        }
    }

    @Override
    public int writeBody(ByteBuffer data) throws IOException {
        return sink.write(data);
    }

    @Override
    public void whenWritable(Runnable then) {
        sink.getWriteSetter().set(channel -> {
            channel.suspendWrites();
            then.run();
        });
        sink.resumeWrites();
    }

    @Override
    public void complete() {
        exchange.endExchange();
    }

    @Override
    public void fail(int status) {
        exchange.setStatusCode(status); // ProxiedRequest's default-response hook explains it
        exchange.endExchange();
    }

    @Override
    public void abort() {
        IoUtils.safeClose(exchange.getConnection());
    }
}
