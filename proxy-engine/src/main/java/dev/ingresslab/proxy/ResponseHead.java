package dev.ingresslab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head of an upstream HTTP/1.x response, parsed from the bytes read so far: status, headers, and how the body
 * is framed (RFC 9112 §6.3): none, a Content-Length, chunked, or until the connection closes.
 *
 * @param status        the status code
 * @param headers       in order, hop-by-hop ones included (the caller drops them)
 * @param contentLength the Content-Length, or -1
 * @param chunked       whether Transfer-Encoding ends in chunked
 * @param close         whether the upstream will close the connection after this response
 * @param connectionOptions the other options the Connection header names, in lower case (the fields they name
 *                      are hop-by-hop); {@code close} and {@code keep-alive} are read into {@code close}
 */
record ResponseHead(int status, List<ResponseHead.Header> headers, long contentLength, boolean chunked,
                    boolean close, List<String> connectionOptions) {

    /** A response the proxy cannot forward; the message says why, for the 502 page. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * The head at the buffer's position, consuming it, or null when the bytes so far do not hold all of it (the
     * buffer is then left as it was).
     */
    static ResponseHead parse(ByteBuffer in) throws Malformed {
        return PARSERS.get().parse(in);
    }

    private static final int TYPICAL_HEAD_BYTES = 2048;
    private static final ThreadLocal<Parser> PARSERS = ThreadLocal.withInitial(Parser::new);

    /** A header as the endpoint sent it. */
    record Header(HttpString name, String value) {
    }

    /** Whether this response has no body whatever its headers say (1xx, 204, 304, or the answer to a HEAD). */
    boolean bodiless(boolean head) {
        return head || status / 100 == 1 || status == 204 || status == 304;
    }

    /**
     * The Content-Length the client's response carries, or null when it carries none (a HEAD's answer carries it,
     * a 204 or 304 does not): the text as received when it is the plain decimal form of the length, else that form.
     */
    String lengthToForward(boolean head) {
        if (contentLength < 0 || !head && bodiless(false)) {
            return null;
        }
        for (Header header : headers) {
            if (header.name().equals(Headers.CONTENT_LENGTH)) {
                return canonicalLength(header.value(), contentLength);
            }
        }
        return Long.toString(contentLength);
    }

    /**
     * Whether a header goes on to the client: not hop-by-hop, not Content-Length (the framing sets it), and never
     * the route header, which is ours and not the backend's to set.
     */
    static boolean isEndToEnd(HttpString name, ResponseHead head) {
        return !name.equals(Headers.CONTENT_LENGTH) && !HopByHop.is(name, head.connectionOptions())
                && !name.equals(RoutingHandler.ROUTE_HEADER);
    }

    private static String canonicalLength(String received, long length) {
        boolean plain = received != null && !received.isEmpty()
                && (received.length() == 1 || received.charAt(0) != '0');
        for (int i = 0; plain && i < received.length(); i++) {
            char c = received.charAt(i);
            plain = c >= '0' && c <= '9';
        }
        return plain ? received : Long.toString(length);
    }

    /**
     * An IO thread's parser: the head is scanned in a heap copy (reads of a direct buffer cost a bounds and a
     * liveness check each), byte by byte, with no decoding of the whole head and no regular expressions: this is
     * the proxy's hot path. Names and values come from the thread's {@link HeaderTexts}.
     */
    private static final class Parser {
        private byte[] scratch = new byte[LeanConnection.BUFFER_BYTES];
        private final HeaderTexts texts = HeaderTexts.ofThisThread();

        /** Set by {@link #parseHead}: the bytes the head took, blank line included. */
        private int consumed;

        ResponseHead parse(ByteBuffer in) throws Malformed {
            int start = in.position();
            int available = in.limit() - start;
            if (available > scratch.length) {
                scratch = new byte[available];
            }
            // most heads are a few hundred bytes: copy what likely holds one, not the body that follows it
            int copied = Math.min(available, TYPICAL_HEAD_BYTES);
            in.get(start, scratch, 0, copied);
            ResponseHead head = parseHead(scratch, copied);
            if (head == null && copied < available) {
                in.get(start + copied, scratch, copied, available - copied);
                head = parseHead(scratch, available);
            }
            if (head != null) {
                in.position(start + consumed);
            }
            return head;
        }

        /** The head at the start of {@code in[0, length)}, or null when its blank line is not there yet. */
        private ResponseHead parseHead(byte[] in, int length) throws Malformed {
            int lineEnd = lineEnd(in, 0, length);
            if (lineEnd < 0) {
                return null;
            }
            if (lineEnd < 12 || !AsciiBytes.regionEquals(in, 0, "HTTP/1.") || in[8] != ' ') {
                throw new Malformed("the status line \"" + abbreviate(in, 0, lineEnd) + "\" is not HTTP/1.x");
            }
            int status = digit(in[9]) * 100 + digit(in[10]) * 10 + digit(in[11]);
            if (status < 100) {
                throw new Malformed("the status line \"" + abbreviate(in, 0, lineEnd) + "\" has no status code");
            }
            boolean http10 = in[7] == '0';
            List<Header> headers = new ArrayList<>(12);
            long contentLength = -1;
            boolean chunked = false;
            boolean closeFramed = false;
            String connection = null;
            for (int line = lineEnd + 2; ; line = lineEnd + 2) {
                lineEnd = lineEnd(in, line, length);
                if (lineEnd < 0) {
                    return null; // the head goes on beyond what has arrived
                }
                if (lineEnd == line) { // the blank line
                    consumed = line + 2;
                    break;
                }
                int colon = line;
                while (colon < lineEnd && in[colon] != ':') {
                    colon++;
                }
                byte first = in[line];
                if (colon == line || colon == lineEnd || first == ' ' || first == '\t') {
                    throw new Malformed("the header line \"" + abbreviate(in, line, lineEnd) + "\" is malformed");
                }
                int valueStart = colon + 1;
                while (valueStart < lineEnd && (in[valueStart] == ' ' || in[valueStart] == '\t')) {
                    valueStart++;
                }
                int valueEnd = lineEnd;
                while (valueEnd > valueStart && (in[valueEnd - 1] == ' ' || in[valueEnd - 1] == '\t')) {
                    valueEnd--;
                }
                HttpString name = texts.name(in, line, colon);
                String value = texts.value(in, valueStart, valueEnd);
                headers.add(new Header(name, value));
                if (name.equals(Headers.CONTENT_LENGTH)) {
                    long parsed = parseLength(value);
                    if (contentLength >= 0 && parsed != contentLength) {
                        throw new Malformed("two different Content-Length headers");
                    }
                    contentLength = parsed;
                } else if (name.equals(Headers.TRANSFER_ENCODING)) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    closeFramed = !chunked; // then the body ends with the connection
                } else if (name.equals(Headers.CONNECTION)) {
                    connection = connection == null ? value : connection + ", " + value;
                }
            }
            // HTTP/1.0 closes after the response unless it asks to keep the connection (RFC 9112 §9.3)
            HopByHop.Connection says = HopByHop.Connection.of(connection);
            boolean close = closeFramed || says.close() || (http10 && !says.keepAlive());
            if (chunked) {
                contentLength = -1; // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3)
            }
            return new ResponseHead(status, headers, contentLength, chunked, close, says.options());
        }
    }

    /** The index of the CR LF that ends the line starting at {@code from}, or -1 when it has not arrived. */
    private static int lineEnd(byte[] in, int from, int limit) {
        for (int i = from; i < limit - 1; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    private static long parseLength(String value) throws Malformed {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new Malformed("the Content-Length \"" + abbreviate(value) + "\" is not a length");
        }
    }

    private static String abbreviate(byte[] in, int from, int to) {
        return abbreviate(new String(in, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
