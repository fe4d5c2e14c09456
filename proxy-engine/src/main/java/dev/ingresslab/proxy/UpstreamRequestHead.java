package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Writes the HTTP/1.1 request head a body-less request is forwarded with, straight into a buffer: the request line
 * with the decided request-target, the client's headers without the hop-by-hop ones (and those its Connection header
 * names), the Host it asked for, and X-Forwarded-For with the client's address ({@link RoutingHandler} has set the
 * other X-Forwarded-* and X-Request-Id). HTTP/2 requests go upstream as HTTP/1.1 with their authority as Host.
 */
final class UpstreamRequestHead {

    private static final Set<HttpString> HOP_BY_HOP = Set.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            new HttpString("Proxy-Connection"), Headers.TE, Headers.TRAILER, Headers.TRANSFER_ENCODING,
            Headers.UPGRADE, new HttpString("HTTP2-Settings"), Headers.CONTENT_LENGTH, Headers.HOST);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SEPARATOR = {':', ' '};

    private UpstreamRequestHead() {
    }

    /** Writes the head into {@code out}; false when it does not fit (the caller takes the general path). */
    static boolean write(HttpServerExchange exchange, ByteBuffer out) {
        try {
            ascii(out, exchange.getRequestMethod().toString());
            out.put((byte) ' ');
            ascii(out, exchange.getRequestURI());
            String query = exchange.getQueryString();
            if (!query.isEmpty()) {
                out.put((byte) '?');
                ascii(out, query);
            }
            ascii(out, " HTTP/1.1");
            out.put(CRLF);
            HeaderMap headers = exchange.getRequestHeaders();
            String host = headers.getFirst(Headers.HOST);
            if (host != null) {
                header(out, Headers.HOST_STRING, host);
            }
            String connection = headers.getFirst(Headers.CONNECTION);
            for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
                HeaderValues values = headers.fiCurrent(cookie);
                HttpString name = values.getHeaderName();
                if (HOP_BY_HOP.contains(name) || (connection != null && namedIn(connection, name))
                        || name.byteAt(0) == ':') {
                    continue;
                }
                for (int i = 0; i < values.size(); i++) {
                    header(out, name.toString(), values.get(i));
                }
            }
            InetSocketAddress client = exchange.getSourceAddress();
            if (client != null && client.getAddress() != null) {
                header(out, "X-Forwarded-For", client.getAddress().getHostAddress());
            }
            out.put(CRLF);
            return true;
        } catch (java.nio.BufferOverflowException e) {
            return false;
        }
    }

    /** Whether a Connection header value names this header (it is then hop-by-hop too). */
    private static boolean namedIn(String connection, HttpString name) {
        for (String token : connection.split(",")) {
            if (name.equalToString(token.trim())) {
                return true;
            }
        }
        return false;
    }

    private static void header(ByteBuffer out, String name, String value) {
        ascii(out, name);
        out.put(SEPARATOR);
        ascii(out, value);
        out.put(CRLF);
    }

    /** Header text is ISO-8859-1 on the wire; anything else (which Undertow's parser does not produce) becomes '?'. */
    private static void ascii(ByteBuffer out, String text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            out.put(c < 0x100 && c != '\r' && c != '\n' ? (byte) c : (byte) '?');
        }
    }
}
