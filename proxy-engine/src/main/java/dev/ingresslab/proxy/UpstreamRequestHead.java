package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Writes the HTTP/1.1 request head a body-less request is forwarded with, straight into a buffer: the request line
 * with the decided request-target, the Host it was routed by, the client's fields that {@link ForwardingPolicy}
 * lets through, and the edge's own fields, in that order. HTTP/2 requests go upstream as HTTP/1.1 with their
 * authority as Host.
 */
final class UpstreamRequestHead {

    /**
     * Written by us (Host first, the body's framing as {@link RequestBody} sends it), or answered by us (Expect: the
     * proxy sends the 100 itself and does not pass Expect on, as nginx).
     */
    private static final Set<HttpString> NOT_COPIED = Set.of(new HttpString("HTTP2-Settings"), Headers.CONTENT_LENGTH,
            Headers.TRANSFER_ENCODING, Headers.EXPECT, Headers.HOST);
    private static final byte[] VERSION_AND_HOST = HeadComposer.ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] COLON_SPACE = HeadComposer.ascii(": ");
    private static final byte[] CRLF = HeadComposer.CRLF;

    private UpstreamRequestHead() {
    }

    /**
     * Writes the head of an exchange {@link RoutingHandler} has routed (and {@linkplain ForwardingPolicy#clear
     * cleared}) into {@code out}, with the framing line of its {@code body} (null for none) after the client's
     * fields; false when it does not fit.
     */
    static boolean write(HttpServerExchange exchange, ProxiedRequest request, RequestBody body, ByteBuffer out) {
        // composed in a heap array and copied in one go: byte-wise puts into a direct buffer cost a bounds check each
        HeadComposer head = HeadComposer.ofThisThread();
        try {
            head.text(exchange.getRequestMethod().toString()).raw(" ").text(exchange.getRequestURI());
            String query = exchange.getQueryString();
            if (!query.isEmpty()) {
                head.raw("?").text(query);
            }
            head.raw(" HTTP/1.1\r\n");
            HeaderMap headers = exchange.getRequestHeaders();
            String host = headers.getFirst(Headers.HOST);
            if (host != null) {
                head.header(Headers.HOST_STRING, host);
            }
            for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
                HeaderValues values = headers.fiCurrent(cookie);
                HttpString name = values.getHeaderName();
                if (NOT_COPIED.contains(name) || name.byteAt(0) == ':') {
                    continue;
                }
                for (int i = 0; i < values.size(); i++) {
                    head.header(name.toString(), values.get(i));
                }
            }
            if (body != null) {
                head.raw(body.framingLine());
            }
            ForwardingPolicy.write(head, request.requestId, request.client,
                    request.clientHost == null ? host : request.clientHost,
                    ForwardingPolicy.portText(exchange.getDestinationAddress().getPort()), exchange.getRequestScheme());
            head.raw("\r\n");
        } catch (IndexOutOfBoundsException e) { // larger than the composer holds
            head.discard();
            return false;
        }
        return head.copyTo(out);
    }

    /**
     * Writes the head of a request the front parsed: the client's header lines are copied as they came, but for
     * those {@link ForwardingPolicy} drops ({@link FrontHead} gives them their kinds); the edge's fields follow, as
     * {@link #write(HttpServerExchange, ProxiedRequest, RequestBody, ByteBuffer)} writes them.
     */
    static boolean write(FrontHead request, ProxiedRequest state, ForwardingPolicy.ConnectionLines lines,
                         ByteBuffer out) {
        HeadComposer head = HeadComposer.ofThisThread();
        byte[] bytes = request.bytes();
        int host = request.hostHeader();
        try {
            head.bytes(bytes, request.start(), request.targetFrom()).text(state.decision.upstreamPath())
                    .bytes(VERSION_AND_HOST).bytes(bytes, request.valueFrom(host), request.valueTo(host)).bytes(CRLF);
            for (int i = 0, count = request.headerCount(); i < count; i++) {
                int kind = request.kind(i);
                if ((kind == FrontHead.OTHER || kind == FrontHead.ACCEPT || kind == FrontHead.COOKIE)
                        && !request.namedByConnection(i)) {
                    head.bytes(bytes, request.nameFrom(i), request.nameTo(i)).bytes(COLON_SPACE)
                            .bytes(bytes, request.valueFrom(i), request.valueTo(i)).bytes(CRLF);
                }
            }
            lines.write(head, state.requestId, bytes, request.valueFrom(host), request.valueTo(host));
            head.bytes(CRLF);
        } catch (IndexOutOfBoundsException e) { // larger than the composer holds
            head.discard();
            return false;
        }
        return head.copyTo(out);
    }
}
