package dev.ingresslab.proxy;

import dev.ingresslab.route.UntrustedText;
import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The framing checks a request head gets before any of it is forwarded, where Undertow's parser is lenient (the
 * front hands it every request that is not plain: bodies, HTTP/1.0, upgrades). Undertow already answers 400 to a
 * Content-Length that is not one decimal number, to two of them, to Content-Length with Transfer-Encoding, and to a
 * space before a colon; this adds what it lets through, as nginx does:
 * <ul>
 *   <li>Transfer-Encoding in an HTTP/1.0 request: 400 (RFC 9112 §6.1: its framing cannot be trusted);</li>
 *   <li>a Transfer-Encoding whose last coding is not chunked, or that applies chunked twice: 400 (RFC 9112 §6.3,
 *       the body's length cannot be known);</li>
 *   <li>any coding besides chunked: 501 (RFC 9112 §6.1; nginx's "unknown Transfer-Encoding");</li>
 *   <li>CONNECT: 405, as nginx answers since 1.21.1: a reverse proxy opens no tunnels;</li>
 *   <li>a chunked body: checked as it is read ({@link ChunkedFramingConduit}). A fault in the bytes that came with
 *       the head (a whole small request) is a 400 before anything is forwarded; a fault found later cuts the
 *       connection to the backend, which never gets a whole request, and is a 400 too when no response has
 *       started.</li>
 * </ul>
 * Runs once per request Undertow parsed, on its IO thread; requests without these headers cost a header lookup.
 */
final class RequestFraming {

    /** The codings RFC 9110's registry knows besides chunked: refused with 501 (we forward no other), not 400. */
    private static final Set<String> KNOWN_CODINGS = Set.of("gzip", "x-gzip", "deflate", "compress", "x-compress");

    private RequestFraming() {
    }

    /**
     * Checks the exchange's head and, for a chunked body, sets up the check of its framing.
     *
     * @return the page to answer with (the connection is then closed after it), or null when the request may go on
     */
    static ErrorPage check(HttpServerExchange exchange) {
        if (exchange.getRequestMethod().equals(Methods.CONNECT)) {
            return new ErrorPage(405, "CONNECT is not served here", "CONNECT asks for a tunnel; Ingress Lab is a"
                    + " reverse proxy and opens none (nginx answers 405 too): send the request itself to the host",
                    List.of());
        }
        HeaderValues codings = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (codings == null) {
            return null;
        }
        if (exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
            return badRequest("an HTTP/1.0 request has a Transfer-Encoding, which HTTP/1.0 does not define"
                    + " (RFC 9112 §6.1): send the body with a Content-Length, or as HTTP/1.1");
        }
        ErrorPage refused = codings(String.join(",", codings));
        if (refused != null) {
            return refused;
        }
        return chunkedBody(exchange);
    }

    /** Checks a Transfer-Encoding's codings, all its lines joined by commas; null when it is exactly chunked. */
    static ErrorPage codings(String value) {
        String[] codings = value.split(",", -1);
        int chunked = 0;
        String last = null;
        String unsupported = null;
        for (String element : codings) {
            String coding = element.trim().toLowerCase(Locale.ROOT);
            int parameters = coding.indexOf(';');
            String name = (parameters < 0 ? coding : coding.substring(0, parameters)).trim();
            if (name.isEmpty()) {
                continue; // an empty list element (RFC 9110 §5.6.1)
            }
            last = name;
            if (name.equals("chunked")) {
                chunked++;
            } else if (unsupported == null) {
                unsupported = name;
            }
        }
        String shown = UntrustedText.printable(value);
        if (!"chunked".equals(last)) {
            return badRequest("the Transfer-Encoding \"" + shown + "\" does not end in chunked, so the body's"
                    + " length cannot be known (RFC 9112 §6.3): send the body chunked, or with a Content-Length");
        }
        if (chunked > 1) {
            return badRequest("the Transfer-Encoding \"" + shown + "\" applies chunked more than once (RFC 9112"
                    + " §6.1): send Transfer-Encoding: chunked");
        }
        if (unsupported != null) {
            return new ErrorPage(501, "Transfer coding not implemented", "the Transfer-Encoding \"" + shown
                    + "\" has the coding \"" + UntrustedText.printable(unsupported) + "\""
                    + (KNOWN_CODINGS.contains(unsupported) ? ", which Ingress Lab does not forward"
                    : ", which is not a transfer coding") + ": send Transfer-Encoding: chunked alone (RFC 9112 §6.1)",
                    List.of());
        }
        return null;
    }

    /**
     * Puts the framing check under Undertow's chunked decoder, and checks the body bytes that arrived with the head
     * at once. Only on HTTP/1.x connections, whose decoder Undertow has just set up for this request.
     */
    private static ErrorPage chunkedBody(HttpServerExchange exchange) {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
            return null; // HTTP/2 frames bodies itself
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        if (!(source.getConduit() instanceof ChunkedStreamSourceConduit)) {
            return null; // not the decoder Undertow sets up for a chunked body: nothing to put the check under
        }
        ChunkedFraming framing = new ChunkedFraming();
        PooledByteBuffer extra = connection.getExtraBytes();
        if (extra != null) {
            String fault = framing.check(extra.getBuffer().duplicate());
            if (fault != null) {
                return badRequest("the request's chunked body is malformed: " + fault);
            }
        }
        // the chain Undertow builds for a chunked body (HttpTransferEncoding), with the check at the bottom: the
        // bytes that came with the head (checked above) and bytes the decoder gives back are served above it
        source.setConduit(new ChunkedStreamSourceConduit(new ReadDataStreamSourceConduit(new ChunkedFramingConduit(
                connection.getOriginalSourceConduit(), framing, exchange), connection), exchange, decoder -> {
                    if (!decoder.isFinished()) {
                        exchange.setPersistent(false); // the rest of the body was not read: the connection ends
                    }
                    Connectors.terminateRequest(exchange);
                }));
        return null;
    }

    private static ErrorPage badRequest(String reason) {
        return new ErrorPage(400, "Bad request", reason, List.of());
    }
}
