package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Protocols;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The edge's one forwarding policy: which request header fields of a client never reach a backend, and which fields
 * the proxy adds in their place. The front ({@link FrontHead}, {@link UpstreamRequestHead}) and the exchanges
 * Undertow parsed, with or without a body ({@link UpstreamRequestHead}), apply it, so a backend receives the same
 * fields whichever path a request took.
 *
 * <p>Dropped from what a client sends:
 * <ul>
 *   <li>hop-by-hop fields (RFC 9110 §7.6.1): {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection},
 *   {@code TE}, {@code Trailer}, {@code Upgrade} (kept, with {@code Connection: upgrade}, only for a real upgrade,
 *   as ingress-nginx's {@code $connection_upgrade} does), {@code HTTP2-Settings} (RFC 9113 §3.2.1 names it
 *   connection-specific), and every field the client's {@code Connection} header names, except
 *   {@link #NEVER_HOP_BY_HOP} (nginx ignores such names: a client cannot remove the Host or the body's framing
 *   that way). {@code Transfer-Encoding} and {@code Content-Length} frame the body: the writer of the upstream
 *   request frames it anew.</li>
 *   <li>what the edge says about the connection, which only the edge knows ({@link #CLEARED}): the whole
 *   {@code X-Forwarded-*} family, RFC 7239's {@code Forwarded}, and the fields ingress-nginx's {@code nginx.tmpl}
 *   sets with {@code proxy_set_header} ({@code X-Real-IP}, {@code X-Scheme}, {@code X-Original-URI},
 *   {@code X-Original-Forwarded-For}, the {@code ssl-client-*} fields of client-certificate authentication) or
 *   clears ({@code Proxy}, against httpoxy, CVE-2016-5385). ingress-nginx relays the client's X-Forwarded-For as
 *   X-Original-Forwarded-For; Ingress Lab does not relay a client's forwarding claims under any name.</li>
 *   <li>fields whose names nginx ignores by default: a name with any character other than a letter, a digit or
 *   {@code -} ({@code ignore_invalid_headers on}, {@code underscores_in_headers off}), so that
 *   {@code X_Real_IP} cannot reach a backend that reads it as {@code X-Real-IP} (CGI maps both to one name).</li>
 * </ul>
 *
 * <p>Added, in this order after the client's fields ({@link #ADDED}; the order of ingress-nginx's template):
 * {@code X-Request-Id} (the client's own when sane, see {@link RequestIds}), {@code X-Real-IP} and
 * {@code X-Forwarded-For} (the client's address), {@code X-Forwarded-Host} (the Host the request was routed by),
 * {@code X-Forwarded-Port} (the listener's port), {@code X-Forwarded-Proto}, {@code X-Forwarded-Scheme} and
 * {@code X-Scheme} (the listener's scheme). The {@code Host} sent is the one the request was routed by: for an
 * absolute-form request-target, that URI's authority (RFC 9112 §3.2.2). Fields of different names have no
 * significant order (RFC 9110 §5.3), but every path writes them in this one.
 */
final class ForwardingPolicy {

    static final HttpString X_REQUEST_ID = new HttpString("X-Request-Id");
    static final HttpString X_REAL_IP = new HttpString("X-Real-IP");
    static final HttpString X_FORWARDED_SCHEME = new HttpString("X-Forwarded-Scheme");
    static final HttpString X_SCHEME = new HttpString("X-Scheme");

    /** The fields the edge adds, in the order it writes them. */
    static final List<HttpString> ADDED = List.of(X_REQUEST_ID, X_REAL_IP, Headers.X_FORWARDED_FOR,
            Headers.X_FORWARDED_HOST, Headers.X_FORWARDED_PORT, Headers.X_FORWARDED_PROTO, X_FORWARDED_SCHEME,
            X_SCHEME);
    private static final String[] ADDED_NAMES = ADDED.stream().map(HttpString::toString).toArray(String[]::new);

    /** The common prefix of the X-Forwarded-* family: every name that starts with it is the edge's to set. */
    private static final byte[] FORWARDED_FAMILY_BYTES = HeadComposer.ascii("x-forwarded-");

    /**
     * Client fields the edge drops by name (lower case), beyond the whole {@code x-forwarded-} family: those
     * listed here are the family's members the front recognises by name, and the other fields ingress-nginx sets or
     * clears (see the class comment).
     */
    static final List<String> CLEARED = List.of("x-forwarded-for", "x-forwarded-host", "x-forwarded-port",
            "x-forwarded-proto", "x-forwarded-scheme", "x-forwarded-server", "x-forwarded-prefix", "forwarded",
            "x-real-ip", "x-scheme", "x-original-uri", "x-original-forwarded-for", "proxy", "ssl-client-cert",
            "ssl-client-verify", "ssl-client-subject-dn", "ssl-client-issuer-dn");
    private static final Set<HttpString> CLEARED_NAMES = CLEARED.stream().map(HttpString::new)
            .collect(Collectors.toUnmodifiableSet());

    /** Connection-specific in an HTTP/2 upgrade (RFC 9113 §3.2.1), beyond {@link HopByHop#FIELDS}. */
    private static final HttpString HTTP2_SETTINGS = new HttpString("HTTP2-Settings");

    /**
     * Names a client's Connection header cannot make hop-by-hop (lower case): the Host, the body's framing and
     * expectation, which the proxy acts on itself. nginx ignores the names Connection lists altogether.
     */
    static final Set<String> NEVER_HOP_BY_HOP = Set.of("host", "content-length", "transfer-encoding", "expect");

    /** The characters nginx accepts in a header name by default: letters, digits and '-'. */
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            NAME_CHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            NAME_CHAR[c] = true;
            NAME_CHAR[c - 32] = true;
        }
        NAME_CHAR['-'] = true;
    }

    private ForwardingPolicy() {
    }

    /**
     * Whether a header name the front does not know by name ({@code in[from, to)}, visible ASCII) is one the edge
     * drops: a member of the X-Forwarded-* family, or a name nginx ignores.
     */
    static boolean clearedName(byte[] in, int from, int to) {
        if (to - from > FORWARDED_FAMILY_BYTES.length && AsciiBytes.lowerCaseEquals(in, from, FORWARDED_FAMILY_BYTES)) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (!NAME_CHAR[in[i] & 0x7f]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the edge drops the client's field {@code name}: one of {@link #CLEARED}, of the X-Forwarded-* family,
     * or a name nginx ignores.
     */
    static boolean cleared(HttpString name) {
        if (CLEARED_NAMES.contains(name)) {
            return true;
        }
        int length = name.length();
        boolean family = length > FORWARDED_FAMILY_BYTES.length;
        for (int i = 0; i < length; i++) {
            byte c = name.byteAt(i);
            if (c < 0 || !NAME_CHAR[c]) {
                return true;
            }
            if (family && i < FORWARDED_FAMILY_BYTES.length) {
                family = (c >= 'A' && c <= 'Z' ? c | 0x20 : c) == FORWARDED_FAMILY_BYTES[i];
            }
        }
        return family;
    }

    /**
     * Applies the policy to the request of an exchange Undertow parsed, in place, before it is forwarded on either
     * of its paths: drops the hop-by-hop fields and those the Connection header names (but for
     * {@link #NEVER_HOP_BY_HOP}), the fields {@link #cleared} names, and, unless the request is a real upgrade,
     * Upgrade; a real upgrade keeps {@code Upgrade} with {@code Connection: upgrade}. The client's X-Request-Id
     * goes too: the request's id, read from it before, is written with the edge's fields. A {@code close} anywhere
     * in the client's Connection header closes its connection after the response (Undertow's parser sees it only as
     * the header's whole value). HTTP/2's pseudo-fields (names starting with ':') are left to Undertow; the writers
     * never copy them.
     */
    static void clear(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        HeaderValues connectionLines = headers.get(Headers.CONNECTION);
        HopByHop.Connection connection = HopByHop.Connection.of(connectionLines == null || connectionLines.isEmpty()
                ? null : connectionLines.size() == 1 ? connectionLines.getFirst() : String.join(", ", connectionLines));
        if (connection.close()) {
            // Undertow's parser sees "close" only as the whole value, not in a list ("close, X-Hop"): RFC 9110 §7.6.1
            exchange.setPersistent(false);
        }
        boolean upgrade = isUpgrade(exchange, connection);
        List<String> named = connection.options();
        for (int i = 0; i < named.size(); i++) {
            String option = named.get(i);
            if (!NEVER_HOP_BY_HOP.contains(option) && !(upgrade && option.equals("upgrade"))) {
                headers.remove(option);
            }
        }
        for (int i = 0; i < HopByHop.FIELDS.size(); i++) {
            HttpString field = HopByHop.FIELDS.get(i);
            // Transfer-Encoding frames the body Undertow reads; RequestBody frames the body it sends anew
            if (field != Headers.TRANSFER_ENCODING && !(upgrade && field == Headers.UPGRADE)) {
                headers.remove(field);
            }
        }
        headers.remove(HTTP2_SETTINGS);
        if (upgrade) {
            headers.put(Headers.CONNECTION, "upgrade");
        }
        headers.remove(X_REQUEST_ID); // read before (RequestIds): the edge writes the request's own
        removeCleared(headers, true);
    }

    /**
     * Sets the Host of a request whose target is in absolute form to that URI's authority (RFC 9112 §3.2.2: the
     * Host field is ignored then), as nginx does; to be done before the request is routed. An empty authority
     * becomes an empty Host, which routing refuses.
     */
    static void hostFromAbsoluteForm(HttpServerExchange exchange) {
        if (!exchange.isHostIncludedInRequestURI()) {
            return;
        }
        String uri = exchange.getRequestURI();
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return;
        }
        int from = scheme + 3;
        int to = uri.indexOf('/', from);
        exchange.getRequestHeaders().put(Headers.HOST, uri.substring(from, to < 0 ? uri.length() : to));
    }

    /**
     * Writes the edge's fields, as {@code name: value} lines in {@link #ADDED}'s order; a field without a value
     * (no client address, no Host) is left out.
     */
    static void write(HeadComposer head, String requestId, String client, String host, String port,
                      String scheme) {
        for (int i = 0; i < ADDED.size(); i++) {
            String value = value(i, requestId, client, host, port, scheme);
            if (value != null) {
                head.header(ADDED_NAMES[i], value);
            }
        }
    }

    /** The port's text: the listener's port, the same for every request, is formatted once. */
    static String portText(int port) {
        PortText last = lastPort;
        if (last == null || last.port != port) {
            last = new PortText(port, Integer.toString(port));
            lastPort = last;
        }
        return last.text;
    }

    private record PortText(int port, String text) {
    }

    private static volatile PortText lastPort;

    /**
     * The edge's fields for the front, which writes them from bytes: those that are the same for every request of
     * one client connection are encoded once per connection. The front writes X-Request-Id, then
     * {@link #clientLines()}, then X-Forwarded-Host with the request's Host bytes, then {@link #listenerLines()}:
     * the order of {@link #ADDED}.
     *
     * @param clientLines   X-Real-IP and X-Forwarded-For with the client's address (empty when unknown)
     * @param listenerLines X-Forwarded-Port, -Proto, -Scheme and X-Scheme
     */
    record ConnectionLines(byte[] clientLines, byte[] listenerLines) {

        private static final byte[] REQUEST_ID = HeadComposer.ascii(X_REQUEST_ID + ": ");
        private static final byte[] FORWARDED_HOST = HeadComposer.ascii(Headers.X_FORWARDED_HOST + ": ");

        /** {@code port}: the listener's port; {@code client}: the client's address, or empty. */
        static ConnectionLines of(String scheme, String port, String client) {
            return new ConnectionLines(lines(client, port, scheme, 1, 3), lines(client, port, scheme, 4, ADDED.size()));
        }

        /** Writes the edge's fields for a request with {@code requestId} whose Host is {@code in[from, to)}. */
        void write(HeadComposer head, String requestId, byte[] in, int from, int to) {
            head.bytes(REQUEST_ID).text(requestId).bytes(HeadComposer.CRLF).bytes(clientLines)
                    .bytes(FORWARDED_HOST).bytes(in, from, to).bytes(HeadComposer.CRLF).bytes(listenerLines);
        }

        /** The lines of {@link #ADDED}'s fields {@code from} to {@code to} (exclusive), encoded. */
        private static byte[] lines(String client, String port, String scheme, int from, int to) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = from; i < to; i++) {
                String value = value(i, "", client, "", port, scheme);
                if (value != null) {
                    lines.writeBytes(HeadComposer.line(ADDED_NAMES[i], value));
                }
            }
            return lines.toByteArray();
        }
    }

    /** The value of {@link #ADDED}'s field {@code field}; null for a field left out (no address, no Host). */
    private static String value(int field, String requestId, String client, String host, String port,
                                String scheme) {
        return switch (field) {
            case 0 -> requestId;
            case 1, 2 -> client == null || client.isEmpty() ? null : client;
            case 3 -> host;
            case 4 -> port;
            default -> scheme;
        };
    }

    /** Removes the fields {@link #cleared} names; {@code keepPseudo}: leave HTTP/2's pseudo-fields. */
    private static void removeCleared(HeaderMap headers, boolean keepPseudo) {
        List<HttpString> drop = null; // allocated only for a request that has such fields
        for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
            HttpString name = headers.fiCurrent(cookie).getHeaderName();
            if (cleared(name) && !(keepPseudo && name.length() > 0 && name.byteAt(0) == ':')) {
                if (drop == null) {
                    drop = new ArrayList<>(2);
                }
                drop.add(name);
            }
        }
        if (drop != null) {
            for (int i = 0; i < drop.size(); i++) {
                headers.remove(drop.get(i));
            }
        }
    }

    /**
     * A real upgrade (RFC 9110 §7.8): HTTP/1.1, an Upgrade field, and a Connection header that names it; an h2c
     * upgrade is between the client and the proxy (Undertow serves it), never forwarded.
     */
    private static boolean isUpgrade(HttpServerExchange exchange, HopByHop.Connection connection) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && exchange.getProtocol().equals(Protocols.HTTP_1_1)
                && connection.options().contains("upgrade")
                && !Stream.of(upgrade.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).allMatch("h2c"::equals);
    }
}
