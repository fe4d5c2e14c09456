package dev.ingresslab.proxy;

import dev.ingresslab.route.RequestView;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Cookies;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request head as the front reads it, in place in its connection's buffer. The front serves only the plainest
 * requests itself: HTTP/1.1, a method without a body (GET, HEAD, OPTIONS, DELETE), an origin-form target of URI
 * characters, well-formed header lines of visible ASCII, one Host that is a name or an IPv4 address with an optional
 * port, and none of Content-Length, Transfer-Encoding, Upgrade, Expect or HTTP2-Settings. Anything else is
 * {@linkplain Parse#FOREIGN foreign}: the front hands the connection to Undertow with the bytes read, and Undertow's
 * parser and checks (400, 414, 431, smuggling, upgrades, bodies) decide: a target longer than
 * {@link ProxySettings#MAX_REQUEST_TARGET_BYTES} is foreign, for {@link RoutingHandler} to answer 414. So this parser only has to be right about what it
 * accepts, and it accepts only what Undertow would accept and read the same way.
 *
 * <p>Reused for every request of its connection; valid until the next {@link #parse}.
 */
final class FrontHead implements RequestView {

    /** What {@link #parse} found. */
    enum Parse {
        /** A whole head the front serves: {@link #length()} bytes. */
        COMPLETE,
        /** Only part of a head so far. */
        INCOMPLETE,
        /** Not for the front: Undertow serves it. */
        FOREIGN
    }

    /** As Undertow's limit on header lines ({@code MAX_HEADERS} in {@link ProxyServer}). */
    static final int MAX_HEADERS = 100;

    // Header names the front reads or drops (ForwardingPolicy's among them); all others are copied upstream as they
    // came, but for those the request's Connection header names.
    static final int OTHER = 0;
    static final int HOST = 1;
    static final int CONNECTION = 2;
    static final int ACCEPT = 3;
    static final int COOKIE = 4;
    static final int REQUEST_ID = 5;
    /** Hop-by-hop fields: never forwarded. */
    static final int HOP_BY_HOP = 6;
    /**
     * Fields the edge drops ({@link ForwardingPolicy}): the client's X-Forwarded-*, Forwarded, X-Real-IP and the
     * like, and names nginx ignores; the edge's own fields replace the claims.
     */
    static final int CLIENT_FORWARDED = 7;
    /** Fields that make a request foreign: a body, an upgrade, an expectation. */
    static final int NOT_PLAIN = 8;

    private static final KnownNames KNOWN = new KnownNames(knownNames());
    private static final String[] METHODS = {"GET", "HEAD", "OPTIONS", "DELETE"};
    private static final int LONGEST_METHOD = "OPTIONS".length();
    private static final byte[] VERSION = "HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HTML = "text/html".getBytes(StandardCharsets.ISO_8859_1);
    private static final boolean[] TCHAR = new boolean[128];
    private static final boolean[] TARGET_CHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = TARGET_CHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = TARGET_CHAR[c] = true;
            TCHAR[c - 32] = TARGET_CHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // RFC 3986 pchar and query: unreserved, sub-delims, ':' '@' '/' '?', and '%' (checked for two hex digits)
        for (char c : "-._~!$&'()*+,;=:@/?%".toCharArray()) {
            TARGET_CHAR[c] = true;
        }
    }

    private byte[] bytes;
    private int start;
    private int length;
    private String method;
    private int targetFrom;
    private int targetTo;
    private int count;
    private final int[] nameFrom = new int[MAX_HEADERS];
    private final int[] nameTo = new int[MAX_HEADERS];
    private final int[] valueFrom = new int[MAX_HEADERS];
    private final int[] valueTo = new int[MAX_HEADERS];
    private final int[] kinds = new int[MAX_HEADERS];
    private int hostHeader;
    private int connectionHeader;
    private int requestIdHeader;
    private boolean acceptsHtml;
    private String host;
    private String target;
    private HopByHop.Connection connection;

    /**
     * Reads the head that starts at {@code from} in {@code in} (bytes up to {@code to} have arrived), at most
     * {@code maxBytes} long.
     */
    Parse parse(byte[] in, int from, int to, int maxBytes) {
        bytes = in;
        start = from;
        host = null;
        target = null;
        connection = null;
        hostHeader = connectionHeader = requestIdHeader = -1;
        acceptsHtml = false;
        count = 0;
        int limit = Math.min(to, from + maxBytes);
        // request line: method SP origin-form SP HTTP/1.1 CRLF
        int space = AsciiBytes.indexOf(in, from, limit, (byte) ' ');
        if (space < 0) {
            return limit - from <= LONGEST_METHOD ? Parse.INCOMPLETE : Parse.FOREIGN;
        }
        method = method(in, from, space);
        if (method == null) {
            return Parse.FOREIGN;
        }
        int at = space + 1;
        targetFrom = at;
        if (at >= limit || in[at] != '/') {
            return at >= limit ? Parse.INCOMPLETE : Parse.FOREIGN;
        }
        int targetLimit = targetFrom + ProxySettings.MAX_REQUEST_TARGET_BYTES; // where a byte too many would be
        while (at < limit && in[at] != ' ') {
            if (at == targetLimit) {
                return Parse.FOREIGN; // too long a target: Undertow's path answers 414
            }
            int c = in[at];
            if (c < 0 || !TARGET_CHAR[c] || c == '%' && !AsciiBytes.percentEncoded(in, at, limit)) {
                return at + 2 >= limit && c == '%' ? Parse.INCOMPLETE : Parse.FOREIGN;
            }
            at++;
        }
        targetTo = at;
        if (at + 1 + VERSION.length + 2 > limit) { // SP, the version, CR LF
            return Parse.INCOMPLETE;
        }
        if (!AsciiBytes.regionEquals(in, at + 1, VERSION) || in[at + 1 + VERSION.length] != '\r'
                || in[at + 2 + VERSION.length] != '\n') {
            return Parse.FOREIGN;
        }
        at += VERSION.length + 3;
        // header lines, up to the empty line
        while (true) {
            if (at + 1 >= limit) {
                return Parse.INCOMPLETE;
            }
            if (in[at] == '\r') {
                if (in[at + 1] != '\n') {
                    return Parse.FOREIGN;
                }
                length = at + 2 - from;
                return hostHeader >= 0 && host() != null ? Parse.COMPLETE : Parse.FOREIGN;
            }
            int name = at;
            while (at < limit && in[at] >= 0 && TCHAR[in[at]]) {
                at++;
            }
            if (at >= limit) {
                return Parse.INCOMPLETE;
            }
            if (at == name || in[at] != ':' || count == MAX_HEADERS) {
                return Parse.FOREIGN; // no name, space before the colon, a line without one, too many lines
            }
            int nameEnd = at++;
            while (at < limit && (in[at] == ' ' || in[at] == '\t')) {
                at++;
            }
            int value = at;
            while (at < limit && (in[at] >= 0x20 && in[at] < 0x7f || in[at] == '\t')) {
                at++;
            }
            if (at + 1 >= limit) {
                return Parse.INCOMPLETE;
            }
            if (in[at] != '\r' || in[at + 1] != '\n') {
                return Parse.FOREIGN; // a control character, a byte beyond ASCII, a bare line feed
            }
            int valueEnd = at;
            while (valueEnd > value && (in[valueEnd - 1] == ' ' || in[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            at += 2;
            if (at < limit && (in[at] == ' ' || in[at] == '\t')) {
                return Parse.FOREIGN; // an obsolete folded line
            }
            if (!header(name, nameEnd, value, valueEnd)) {
                return Parse.FOREIGN;
            }
        }
    }

    /** Notes one header line; false when it makes the request foreign. */
    private boolean header(int name, int nameEnd, int value, int valueEnd) {
        int kind = KNOWN.kind(bytes, name, nameEnd, OTHER);
        if (kind == OTHER && ForwardingPolicy.clearedName(bytes, name, nameEnd)) {
            kind = CLIENT_FORWARDED;
        }
        switch (kind) {
            case NOT_PLAIN:
                return false;
            case HOST:
                if (hostHeader >= 0) {
                    return false; // two Hosts: Undertow answers 400
                }
                hostHeader = count;
                break;
            case CONNECTION:
                if (connectionHeader >= 0) {
                    return false; // rare enough to leave to Undertow, which joins the lines
                }
                connectionHeader = count;
                break;
            case REQUEST_ID:
                requestIdHeader = requestIdHeader < 0 ? count : requestIdHeader;
                break;
            case ACCEPT:
                acceptsHtml |= AsciiBytes.indexOf(bytes, value, valueEnd, HTML) >= 0;
                break;
            default:
                break;
        }
        nameFrom[count] = name;
        nameTo[count] = nameEnd;
        valueFrom[count] = value;
        valueTo[count] = valueEnd;
        kinds[count] = kind;
        count++;
        return true;
    }

    /** The names the front reads or drops, with their kinds: its own, and those {@link ForwardingPolicy} clears. */
    private static Map<String, Integer> knownNames() {
        Map<String, Integer> kinds = new HashMap<>(Map.ofEntries(Map.entry("host", HOST),
                Map.entry("connection", CONNECTION), Map.entry("accept", ACCEPT), Map.entry("cookie", COOKIE),
                Map.entry("x-request-id", REQUEST_ID), Map.entry("keep-alive", HOP_BY_HOP),
                Map.entry("proxy-connection", HOP_BY_HOP), Map.entry("te", HOP_BY_HOP),
                Map.entry("trailer", HOP_BY_HOP), Map.entry("content-length", NOT_PLAIN),
                Map.entry("transfer-encoding", NOT_PLAIN), Map.entry("upgrade", NOT_PLAIN),
                Map.entry("expect", NOT_PLAIN), Map.entry("http2-settings", NOT_PLAIN)));
        for (String cleared : ForwardingPolicy.CLEARED) {
            kinds.put(cleared, CLIENT_FORWARDED);
        }
        return kinds;
    }

    /** The head's length in bytes, the final empty line included (after {@link Parse#COMPLETE}). */
    int length() {
        return length;
    }

    /** Where the head starts in {@link #bytes()}: its method, then a space, then the target. */
    int start() {
        return start;
    }

    int targetFrom() {
        return targetFrom;
    }

    /** The Host header's line (a plain one, after {@link Parse#COMPLETE}). */
    int hostHeader() {
        return hostHeader;
    }

    int headerCount() {
        return count;
    }

    int nameFrom(int header) {
        return nameFrom[header];
    }

    int nameTo(int header) {
        return nameTo[header];
    }

    int valueFrom(int header) {
        return valueFrom[header];
    }

    int valueTo(int header) {
        return valueTo[header];
    }

    int kind(int header) {
        return kinds[header];
    }

    byte[] bytes() {
        return bytes;
    }

    boolean isHeadRequest() {
        return method.equals("HEAD");
    }

    boolean acceptsHtml() {
        return acceptsHtml;
    }

    /** What the Connection header says (close, keep-alive, the fields it names). */
    HopByHop.Connection connection() {
        if (connection == null) {
            connection = HopByHop.Connection.of(connectionHeader < 0 ? null : value(connectionHeader));
        }
        return connection;
    }

    /** Whether the request's own Connection header names this header line (which is then hop-by-hop). */
    boolean namedByConnection(int header) {
        List<String> options = connection().options();
        for (int i = 0; i < options.size(); i++) {
            if (AsciiBytes.equalsIgnoreCase(bytes, nameFrom[header], nameTo[header], options.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The client's X-Request-Id, or null. */
    String requestId() {
        return requestIdHeader < 0 ? null : value(requestIdHeader);
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String authority() {
        return host;
    }

    @Override
    public String target() {
        if (target == null) {
            target = HeaderTexts.ofThisThread().value(bytes, targetFrom, targetTo);
        }
        return target;
    }

    @Override
    public String header(String name) {
        for (int i = 0; i < count; i++) {
            if (AsciiBytes.equalsIgnoreCase(bytes, nameFrom[i], nameTo[i], name)) {
                return value(i);
            }
        }
        return null;
    }

    @Override
    public String cookie(String name) {
        List<String> lines = new ArrayList<>(1);
        for (int i = 0; i < count; i++) {
            if (kinds[i] == COOKIE) {
                lines.add(value(i));
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        // Undertow's own reading of Cookie headers, with its defaults: the general path reads them the same way
        Cookie cookie = Cookies.parseRequestCookies(200, false, lines).get(name);
        return cookie == null ? null : cookie.getValue();
    }

    private String value(int header) {
        return HeaderTexts.ofThisThread().value(bytes, valueFrom[header], valueTo[header]);
    }

    /** The Host value when it is a plain name or IPv4 address, with an optional port; else null (foreign). */
    private String host() {
        int from = valueFrom[hostHeader];
        int to = valueTo[hostHeader];
        int colon = -1;
        for (int i = from; i < to; i++) {
            byte c = bytes[i];
            if (c == ':' && colon < 0) {
                colon = i;
            } else if (colon < 0 ? !(c == '-' || c == '.' || c >= '0' && c <= '9' || (c | 0x20) >= 'a'
                    && (c | 0x20) <= 'z') : c < '0' || c > '9') {
                return null;
            }
        }
        if (from == to || colon == from || colon >= 0 && !isPort(bytes, colon + 1, to)) {
            return null;
        }
        host = value(hostHeader);
        return host;
    }

    /** Digits (checked by the caller) that make a port from 1 to 65535, as Undertow's Host check wants. */
    private static boolean isPort(byte[] in, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            port = port * 10 + in[i] - '0';
        }
        return port >= 1 && port <= 65535;
    }

    private static String method(byte[] in, int from, int to) {
        for (String known : METHODS) {
            if (to - from == known.length() && AsciiBytes.regionEquals(in, from, known)) {
                return known;
            }
        }
        return null;
    }
}
