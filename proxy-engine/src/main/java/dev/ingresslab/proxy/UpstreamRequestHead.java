package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Writes the HTTP/1.1 request head a body-less request is forwarded with, straight into a buffer: the request line
 * with the decided request-target, the client's headers without the hop-by-hop ones (and those its Connection header
 * names), the Host it asked for, and X-Forwarded-For with the client's address ({@link RoutingHandler} has set the
 * other X-Forwarded-* and X-Request-Id). HTTP/2 requests go upstream as HTTP/1.1 with their authority as Host.
 */
final class UpstreamRequestHead {

    /** Beyond the hop-by-hop fields: written by us (Host first) or meaningless for a request without a body. */
    private static final Set<HttpString> NOT_COPIED = Set.of(new HttpString("HTTP2-Settings"), Headers.CONTENT_LENGTH,
            Headers.HOST);
    private static final byte[] VERSION_AND_HOST = HeadComposer.ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] COLON_SPACE = HeadComposer.ascii(": ");
    private static final byte[] CRLF = HeadComposer.CRLF;
    private static final byte[] PROTO_AND_HOST = HeadComposer.ascii("X-Forwarded-Proto: http\r\nX-Forwarded-Host: ");
    private static final byte[] REQUEST_ID = HeadComposer.ascii("X-Request-Id: ");

    /** What the proxy adds to every request of one client connection, encoded once for all of them. */
    record ConnectionLines(byte[] forwardedPort, byte[] forwardedFor) {

        /** {@code port}: the listener's port; {@code client}: the client's address, or empty. */
        static ConnectionLines of(String port, String client) {
            return new ConnectionLines(HeadComposer.line("X-Forwarded-Port", port),
                    client.isEmpty() ? new byte[0] : HeadComposer.line("X-Forwarded-For", client));
        }
    }

    private UpstreamRequestHead() {
    }

    /**
     * Writes the head into {@code out}, with {@code client} (the client's address) as X-Forwarded-For; false when it
     * does not fit (the caller takes the general path).
     */
    static boolean write(HttpServerExchange exchange, String client, ByteBuffer out) {
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
            List<String> connectionOptions = HopByHop.Connection.of(connection(headers)).options();
            for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
                HeaderValues values = headers.fiCurrent(cookie);
                HttpString name = values.getHeaderName();
                if (HopByHop.is(name, connectionOptions) || NOT_COPIED.contains(name) || name.byteAt(0) == ':') {
                    continue;
                }
                for (int i = 0; i < values.size(); i++) {
                    head.header(name.toString(), values.get(i));
                }
            }
            if (!client.isEmpty()) {
                head.header("X-Forwarded-For", client);
            }
            head.raw("\r\n");
        } catch (IndexOutOfBoundsException e) { // larger than the composer holds
            return false;
        }
        return head.copyTo(out);
    }

    /**
     * Writes the head of a request the front parsed: the client's header lines are copied as they came, but for
     * the hop-by-hop ones and the client's own X-Forwarded-* claims; ours follow, as {@link RoutingHandler} and
     * {@link #write(HttpServerExchange, String, ByteBuffer)} write them on the general path.
     */
    static boolean write(FrontHead request, ProxiedRequest state, ConnectionLines lines, ByteBuffer out) {
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
            // X-Forwarded-Proto, -Host, -Port, X-Request-Id, X-Forwarded-For: in the general path's order
            head.bytes(PROTO_AND_HOST).bytes(bytes, request.valueFrom(host), request.valueTo(host))
                    .bytes(CRLF).bytes(lines.forwardedPort())
                    .bytes(REQUEST_ID).text(state.requestId).bytes(CRLF)
                    .bytes(lines.forwardedFor()).bytes(CRLF);
        } catch (IndexOutOfBoundsException e) { // larger than the composer holds
            return false;
        }
        return head.copyTo(out);
    }

    /** The request's Connection header lines joined with commas, or null. */
    private static String connection(HeaderMap headers) {
        HeaderValues lines = headers.get(Headers.CONNECTION);
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        return lines.size() == 1 ? lines.getFirst() : String.join(", ", lines);
    }
}
