package dev.ingresslab.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of an upstream HTTP/1.x response, parsed from the bytes read so far: status, headers, and how the body
 * is framed (RFC 9112 §6.3): none, a Content-Length, chunked, or until the connection closes.
 *
 * @param status        the status code
 * @param headers       name and value pairs, in order, hop-by-hop ones included (the caller drops them)
 * @param contentLength the Content-Length, or -1
 * @param chunked       whether Transfer-Encoding ends in chunked
 * @param close         whether the upstream will close the connection after this response
 * @param length        how many bytes the head took
 */
record ResponseHead(int status, List<String[]> headers, long contentLength, boolean chunked, boolean close,
                    int length) {

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
        int start = in.position();
        int end = headEnd(in, start, in.limit());
        if (end < 0) {
            return null;
        }
        String text = StandardCharsets.ISO_8859_1.decode(in.duplicate().position(start).limit(end)).toString();
        String[] lines = text.split("\r\n");
        String statusLine = lines[0];
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new Malformed("the status line \"" + abbreviate(statusLine) + "\" is not HTTP/1.x");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new Malformed("the status line \"" + abbreviate(statusLine) + "\" has no status code");
        }
        boolean http10 = statusLine.charAt(7) == '0';
        List<String[]> headers = new ArrayList<>(lines.length);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new Malformed("the header line \"" + abbreviate(line) + "\" is malformed");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            headers.add(new String[]{name, value});
            if (name.equalsIgnoreCase("Content-Length")) {
                long parsed = parseLength(value);
                if (contentLength >= 0 && parsed != contentLength) {
                    throw new Malformed("two different Content-Length headers");
                }
                contentLength = parsed;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
                if (!chunked) {
                    close = true; // framed by the connection's end
                }
            } else if (name.equalsIgnoreCase("Connection")) {
                String tokens = value.toLowerCase(java.util.Locale.ROOT);
                close = tokens.contains("close") || (http10 && !tokens.contains("keep-alive"));
            }
        }
        if (chunked) {
            contentLength = -1; // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3)
        }
        in.position(end);
        return new ResponseHead(status, headers, contentLength, chunked, close, end - start);
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
