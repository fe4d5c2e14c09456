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
 * @param connection    the Connection header's value, or null (the fields it names are hop-by-hop)
 */
record ResponseHead(int status, List<ResponseHead.Header> headers, long contentLength, boolean chunked,
                    boolean close, String connection) {

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
        // scanned in a heap copy: reads of a direct buffer cost a bounds and a liveness check each
        int start = in.position();
        int available = in.limit() - start;
        byte[] scratch = SCRATCH.get();
        if (available > scratch.length) {
            scratch = new byte[available];
        }
        // most heads are a few hundred bytes: copy what likely holds one, not the body that follows it
        int copied = Math.min(available, TYPICAL_HEAD_BYTES);
        in.get(start, scratch, 0, copied);
        int end = headEnd(ByteBuffer.wrap(scratch, 0, copied), 0, copied);
        if (end < 0 && copied < available) {
            in.get(start + copied, scratch, copied, available - copied);
            copied = available;
            end = headEnd(ByteBuffer.wrap(scratch, 0, copied), 0, copied);
        }
        if (end < 0) {
            return null;
        }
        ByteBuffer heap = ByteBuffer.wrap(scratch, 0, copied);
        ResponseHead head = parse(heap, 0, end);
        in.position(start + end);
        return head;
    }

    private static final int TYPICAL_HEAD_BYTES = 2048;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() ->
            new byte[LeanConnection.BUFFER_BYTES]);

    private static ResponseHead parse(ByteBuffer in, int start, int end) throws Malformed {
        // read byte by byte: no decoding of the whole head, no regular expressions (this is the proxy's hot path)
        int lineEnd = lineEnd(in, start, end);
        if (lineEnd - start < 12 || !startsWith(in, start, "HTTP/1.") || in.get(start + 8) != ' ') {
            throw new Malformed("the status line \"" + abbreviate(text(in, start, lineEnd)) + "\" is not HTTP/1.x");
        }
        int status = digit(in, start + 9) * 100 + digit(in, start + 10) * 10 + digit(in, start + 11);
        if (status < 100) {
            throw new Malformed("the status line \"" + abbreviate(text(in, start, lineEnd)) + "\" has no status code");
        }
        boolean http10 = in.get(start + 7) == '0';
        List<Header> headers = new ArrayList<>(12);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        String connection = null;
        for (int line = lineEnd + 2; line < end - 2; line = lineEnd + 2) {
            lineEnd = lineEnd(in, line, end);
            int colon = line;
            while (colon < lineEnd && in.get(colon) != ':') {
                colon++;
            }
            byte first = in.get(line);
            if (colon == line || colon == lineEnd || first == ' ' || first == '\t') {
                throw new Malformed("the header line \"" + abbreviate(text(in, line, lineEnd)) + "\" is malformed");
            }
            int valueStart = colon + 1;
            while (valueStart < lineEnd && (in.get(valueStart) == ' ' || in.get(valueStart) == '\t')) {
                valueStart++;
            }
            int valueEnd = lineEnd;
            while (valueEnd > valueStart && (in.get(valueEnd - 1) == ' ' || in.get(valueEnd - 1) == '\t')) {
                valueEnd--;
            }
            HttpString name = name(in, line, colon);
            String value = text(in, valueStart, valueEnd);
            headers.add(new Header(name, value));
            if (name.equals(Headers.CONTENT_LENGTH)) {
                long parsed = parseLength(value);
                if (contentLength >= 0 && parsed != contentLength) {
                    throw new Malformed("two different Content-Length headers");
                }
                contentLength = parsed;
            } else if (name.equals(Headers.TRANSFER_ENCODING)) {
                chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                if (!chunked) {
                    close = true; // framed by the connection's end
                }
            } else if (name.equals(Headers.CONNECTION)) {
                connection = connection == null ? value : connection + ", " + value;
                String tokens = connection.toLowerCase(Locale.ROOT);
                close = tokens.contains("close") || (http10 && !tokens.contains("keep-alive"));
            }
        }
        if (chunked) {
            contentLength = -1; // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3)
        }
        return new ResponseHead(status, headers, contentLength, chunked, close, connection);
    }

    /** A header as the endpoint sent it. */
    record Header(HttpString name, String value) {
    }

    /** The header's name: Undertow's shared instance for the common ones, else a new one. */
    private static HttpString name(ByteBuffer in, int from, int to) {
        String text = text(in, from, to);
        HttpString known = Headers.fromCache(text);
        return known != null ? known : HttpString.tryFromString(text);
    }

    private static String text(ByteBuffer in, int from, int to) {
        byte[] bytes = new byte[to - from];
        in.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int lineEnd(ByteBuffer in, int from, int limit) {
        for (int i = from; i < limit - 1; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i;
            }
        }
        return limit;
    }

    private static boolean startsWith(ByteBuffer in, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (in.get(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int digit(ByteBuffer in, int at) {
        byte b = in.get(at);
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    /** Whether this response has no body whatever its headers say (1xx, 204, 304, or the answer to a HEAD). */
    boolean bodiless(boolean head) {
        return head || status / 100 == 1 || status == 204 || status == 304;
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

    /** The index just past the blank line that ends the head, or -1. */
    private static int headEnd(ByteBuffer in, int from, int to) {
        for (int i = from + 3; i < to; i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
