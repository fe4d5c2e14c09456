package dev.ingresslab.proxy;

import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an upstream HTTP/1.x response, parsed from the bytes read so far: status, header fields, and how the
 * body is framed (RFC 9112 §6.3): none, a Content-Length, chunked, or until the connection closes. It keeps the
 * head's bytes and where each field lies in them, so that the fields that go on to the client are copied as they
 * came (the front) or decoded (Undertow's exchange), and no text is decoded that nobody reads.
 * One per upstream connection, read into again for each of its responses (the hot path allocates nothing per
 * response for it): confined to the connection's IO thread, and valid until the next {@link #read}.
 */
final class ResponseHead {

    /** A response the proxy cannot forward; the message says why, for the 502 page. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    // The kinds of field the proxy reads or drops; all others go on to the client.
    private static final int OTHER = 0;
    private static final int CONTENT_LENGTH = 1;
    private static final int TRANSFER_ENCODING = 2;
    private static final int CONNECTION = 3;
    /** The other hop-by-hop fields (RFC 9110 §7.6.1). */
    private static final int HOP_BY_HOP = 4;
    private static final int DATE = 5;
    /** Ours, not the backend's to set. */
    private static final int ROUTE = 6;
    private static final KnownNames KNOWN = new KnownNames(Map.of("content-length", CONTENT_LENGTH,
            "transfer-encoding", TRANSFER_ENCODING, "connection", CONNECTION, "keep-alive", HOP_BY_HOP,
            "proxy-connection", HOP_BY_HOP, "te", HOP_BY_HOP, "trailer", HOP_BY_HOP, "upgrade", HOP_BY_HOP,
            "date", DATE, RoutingHandler.ROUTE_HEADER.toString().toLowerCase(Locale.ROOT), ROUTE));

    /** Per field: where its line starts, where its name ends (the colon), where its value starts and ends, its kind. */
    private static final int FIELD_INTS = 5;

    /** What one read copies first: most heads are a few hundred bytes, and the body that follows is not needed. */
    private static final int TYPICAL_HEAD_BYTES = 2048;

    /** The head as received, and what followed it in the same copy. */
    private byte[] bytes = new byte[TYPICAL_HEAD_BYTES];
    /** The head's length in {@link #bytes}, blank line included. */
    private int headLength;
    private int[] fields = new int[16 * FIELD_INTS];
    private int fieldCount;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private List<String> connectionOptions = List.of();

    /**
     * Reads the head at the buffer's position, consuming it; false when the bytes so far do not hold all of it (the
     * buffer is then left as it was). Either way, the head read before is gone.
     */
    boolean read(ByteBuffer in) throws Malformed {
        int start = in.position();
        int available = in.limit() - start;
        // scanned in a heap copy: reads of a direct buffer cost a bounds and a liveness check each
        int copied = Math.min(available, TYPICAL_HEAD_BYTES);
        in.get(start, bytes, 0, copied);
        boolean whole = parse(copied);
        if (!whole && copied < available) {
            if (available > bytes.length) {
                bytes = Arrays.copyOf(bytes, available);
            }
            in.get(start + copied, bytes, copied, available - copied);
            whole = parse(available);
        }
        if (whole) {
            in.position(start + headLength);
        }
        return whole;
    }

    int status() {
        return status;
    }

    /** The Content-Length, or -1 (none, or the body is chunked). */
    long contentLength() {
        return contentLength;
    }

    /** Whether Transfer-Encoding ends in chunked. */
    boolean chunked() {
        return chunked;
    }

    /** Whether the upstream will close the connection after this response. */
    boolean close() {
        return close;
    }

    /**
     * The options the Connection header names besides {@code close} and {@code keep-alive} (which {@link #close()}
     * reads), in lower case: the fields they name are hop-by-hop.
     */
    List<String> connectionOptions() {
        return connectionOptions;
    }

    /** Whether this response has no body whatever its headers say (1xx, 204, 304, or the answer to a HEAD). */
    boolean bodiless(boolean head) {
        return head || status / 100 == 1 || status == 204 || status == 304;
    }

    /**
     * The Content-Length the client's response carries, or -1 when it carries none (a HEAD's answer carries it, a
     * 204 or 304 does not). Written in its plain decimal form, whatever leading zeros it came with.
     */
    long lengthToForward(boolean head) {
        return contentLength < 0 || !head && bodiless(false) ? -1 : contentLength;
    }

    /** Whether a Date field goes on to the client (else the proxy adds its own). */
    boolean dated() {
        for (int field = 0; field < fieldCount; field++) {
            if (kind(field) == DATE && endToEnd(field)) {
                return true;
            }
        }
        return false;
    }

    int fieldCount() {
        return fieldCount;
    }

    /**
     * Whether a field goes on to the client: not hop-by-hop (nor named by the Connection header), not Content-Length
     * (the framing sets it), and never the route header, which is ours.
     */
    boolean endToEnd(int field) {
        int kind = kind(field);
        if (kind != OTHER && kind != DATE) {
            return false;
        }
        for (int i = 0; i < connectionOptions.size(); i++) {
            if (AsciiBytes.equalsIgnoreCase(bytes, lineStart(field), nameEnd(field), connectionOptions.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The field's name: Undertow's shared instance for the ones it knows. */
    HttpString name(int field) {
        return HeaderTexts.ofThisThread().name(bytes, lineStart(field), nameEnd(field));
    }

    /** The field's value, without the whitespace around it. */
    String value(int field) {
        return HeaderTexts.ofThisThread().value(bytes, fields[field * FIELD_INTS + 2], fields[field * FIELD_INTS + 3]);
    }

    /**
     * Appends the lines of the fields that go on to the client, as they came: runs of neighbouring lines in one copy.
     */
    void copyEndToEnd(HeadComposer out) {
        int runStart = -1;
        for (int field = 0; field < fieldCount; field++) {
            if (endToEnd(field)) {
                if (runStart < 0) {
                    runStart = lineStart(field);
                }
            } else if (runStart >= 0) {
                out.bytes(bytes, runStart, lineStart(field));
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            out.bytes(bytes, runStart, headLength - 2); // up to the blank line
        }
    }

    private int lineStart(int field) {
        return fields[field * FIELD_INTS];
    }

    private int nameEnd(int field) {
        return fields[field * FIELD_INTS + 1];
    }

    private int kind(int field) {
        return fields[field * FIELD_INTS + 4];
    }

    /**
     * Parses the head at the start of {@code bytes[0, length)}, byte by byte, with no decoding of the whole head
     * and no regular expressions; false when its blank line is not there yet.
     */
    private boolean parse(int length) throws Malformed {
        byte[] in = bytes;
        int lineEnd = lineEnd(in, 0, length);
        if (lineEnd < 0) {
            return false;
        }
        if (lineEnd < 12 || !AsciiBytes.regionEquals(in, 0, "HTTP/1.") || in[8] != ' ') {
            throw new Malformed("the status line \"" + abbreviate(in, 0, lineEnd) + "\" is not HTTP/1.x");
        }
        int code = digit(in[9]) * 100 + digit(in[10]) * 10 + digit(in[11]);
        if (code < 100 || lineEnd > 12 && in[12] != ' ') { // three digits, then a space or the line's end
            throw new Malformed("the status line \"" + abbreviate(in, 0, lineEnd) + "\" has no status code");
        }
        boolean http10 = in[7] == '0';
        int count = 0;
        long contentLength = -1;
        boolean chunked = false;
        boolean closeFramed = false;
        boolean transferCoded = false;
        String connection = null;
        for (int line = lineEnd + 2; ; line = lineEnd + 2) {
            lineEnd = lineEnd(in, line, length);
            if (lineEnd < 0) {
                return false; // the head goes on beyond what has arrived
            }
            if (lineEnd == line) { // the blank line
                headLength = line + 2;
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
            if (in[colon - 1] == ' ' || in[colon - 1] == '\t') { // RFC 9112 §5.1: never forwarded as it is
                throw new Malformed("the header line \"" + abbreviate(in, line, lineEnd) + "\" has whitespace"
                        + " before its colon");
            }
            int valueStart = colon + 1;
            while (valueStart < lineEnd && (in[valueStart] == ' ' || in[valueStart] == '\t')) {
                valueStart++;
            }
            int valueEnd = lineEnd;
            while (valueEnd > valueStart && (in[valueEnd - 1] == ' ' || in[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            int kind = KNOWN.kind(in, line, colon, OTHER);
            if (kind == CONTENT_LENGTH && transferCoded || kind == TRANSFER_ENCODING && contentLength >= 0) {
                // RFC 9112 §6.3 lets Transfer-Encoding win, but a message with both is how smuggling starts: nginx
                // refuses such a response too
                throw new Malformed("it has both Content-Length and Transfer-Encoding");
            }
            if (kind == CONTENT_LENGTH) {
                long parsed = parseLength(in, valueStart, valueEnd);
                if (contentLength >= 0 && parsed != contentLength) {
                    throw new Malformed("two different Content-Length headers");
                }
                contentLength = parsed;
            } else if (kind == TRANSFER_ENCODING) {
                transferCoded = true;
                chunked = endsInChunked(in, valueStart, valueEnd);
                closeFramed = !chunked; // then the body ends with the connection
            } else if (kind == CONNECTION) {
                String value = HeaderTexts.ofThisThread().value(in, valueStart, valueEnd);
                connection = connection == null ? value : connection + ", " + value;
            }
            mark(count++, line, colon, valueStart, valueEnd, kind);
        }
        // HTTP/1.0 closes after the response unless it asks to keep the connection (RFC 9112 §9.3)
        HopByHop.Connection says = HopByHop.Connection.of(connection);
        this.status = code;
        this.fieldCount = count;
        this.contentLength = chunked ? -1 : contentLength; // Transfer-Encoding overrides it (RFC 9112 §6.3)
        this.chunked = chunked;
        this.close = closeFramed || says.close() || (http10 && !says.keepAlive());
        this.connectionOptions = says.options();
        return true;
    }

    private void mark(int field, int line, int colon, int valueStart, int valueEnd, int kind) {
        int at = field * FIELD_INTS;
        if (at + FIELD_INTS > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[at] = line;
        fields[at + 1] = colon;
        fields[at + 2] = valueStart;
        fields[at + 3] = valueEnd;
        fields[at + 4] = kind;
    }

    /**
     * The index of the CR LF that ends the line starting at {@code from}, or -1 when it has not arrived. A bare CR,
     * a bare LF or a NUL inside the line becomes a space (RFC 9112 §2.2 allows it for CR; none of them may be in a
     * field, and a client that took a bare LF for a line end would see a field the endpoint did not send as one).
     */
    private static int lineEnd(byte[] in, int from, int limit) {
        for (int i = from; i < limit - 1; i++) {
            byte b = in[i];
            if (b <= '\r') {
                if (b == '\r' && in[i + 1] == '\n') {
                    return i;
                }
                if (b == '\r' || b == '\n' || b == 0) {
                    in[i] = ' ';
                }
            }
        }
        return -1;
    }

    private static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    /** A Content-Length: one or more digits (RFC 9110 §8.6), no larger than a long holds. */
    private static long parseLength(byte[] in, int from, int to) throws Malformed {
        long length = 0;
        boolean valid = from < to;
        for (int i = from; valid && i < to; i++) {
            int digit = in[i] - '0';
            valid = digit >= 0 && digit <= 9 && length <= (Long.MAX_VALUE - digit) / 10;
            length = length * 10 + digit;
        }
        if (!valid) {
            throw new Malformed("the Content-Length \"" + abbreviate(in, from, to) + "\" is not a length");
        }
        return length;
    }

    /** Whether the last transfer coding a Transfer-Encoding line lists is chunked. */
    private static boolean endsInChunked(byte[] in, int from, int to) {
        int last = to;
        while (last > from && in[last - 1] != ',') {
            last--;
        }
        while (last < to && (in[last] == ' ' || in[last] == '\t')) {
            last++;
        }
        return AsciiBytes.equalsIgnoreCase(in, last, to, "chunked");
    }

    private static String abbreviate(byte[] in, int from, int to) {
        String text = new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
