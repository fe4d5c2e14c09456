package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A lean-path client that Undertow parsed: requests over TLS and HTTP/2, and those the front handed over. Undertow
 * frames the body and writes the head; failures end the exchange with a bare status that {@link ProxiedRequest}, the
 * exchange's default-response hook, has explained.
 */
final class ExchangeClient implements LeanClient {

    private final HttpServerExchange exchange;
    private final boolean headRequest;
    private StreamSinkChannel sink;

    ExchangeClient(HttpServerExchange exchange) {
        this.exchange = exchange;
        this.headRequest = exchange.getRequestMethod().equalToString("HEAD");
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
        return UpstreamRequestHead.write(exchange, request, out);
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
