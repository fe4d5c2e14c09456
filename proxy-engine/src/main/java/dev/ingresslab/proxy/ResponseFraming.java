package dev.ingresslab.proxy;

import dev.ingresslab.route.UntrustedText;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import org.xnio.conduits.StreamSinkConduit;

import java.nio.charset.StandardCharsets;

/**
 * The checks a backend's response gets on Undertow's proxy handler (requests with a body, upgrades), whose client
 * parses response heads leniently: it relays two different Content-Lengths, a signed one, both Content-Length and
 * Transfer-Encoding, heads of any size, and takes an interim 1xx response for the final one. The lean path's
 * {@link ResponseHead} refuses all of these; this refuses the same ones here, from the head Undertow parsed, at the
 * moment the proxy handler opens the client's response: the client gets a 502 that says what the backend sent
 * instead (with {@link ReplacedBody}), and the connection to the backend, whose framing cannot be trusted, is closed.
 *
 * <p>What it cannot do, because Undertow's client has no hook for it: bound the memory a huge head costs while it
 * is read (it is refused once read), and relay the final response that follows a 1xx (it is refused, not lost).
 */
final class ResponseFraming {

    /** As the lean path's buffer ({@link LeanConnection#BUFFER_BYTES}): a larger head is refused on both paths. */
    static final int MAX_HEAD_BYTES = LeanConnection.BUFFER_BYTES;

    private ResponseFraming() {
    }

    /** The response wrapper for one proxied exchange: it replaces a malformed response with the 502 that says why. */
    static ConduitWrapper<StreamSinkConduit> wrapper(ProxiedRequest request) {
        return (ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) -> {
            String fault = request.upstream == null ? null : check(exchange);
            if (fault == null) {
                return factory.create();
            }
            request.responseMalformed = true;
            request.connectFailure = "the endpoint's response is malformed: " + fault;
            ErrorPage page = UpstreamFailurePage.page(502, request);
            boolean html = ErrorPage.wantsHtml(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
            byte[] body = page.body(html, exchange.getRequestMethod().toString(), ErrorPage.where(
                    exchange.getRequestHeaders().getFirst(Headers.HOST), request.target))
                    .getBytes(StandardCharsets.UTF_8);
            HeaderMap headers = exchange.getResponseHeaders();
            String route = headers.getFirst(RoutingHandler.ROUTE_HEADER);
            headers.clear();
            if (route != null) {
                headers.put(RoutingHandler.ROUTE_HEADER, route);
            }
            headers.put(Headers.CONTENT_TYPE, ErrorPage.contentType(html));
            headers.put(Headers.CACHE_CONTROL, "no-store");
            headers.put(Headers.CONTENT_LENGTH, body.length);
            exchange.setStatusCode(502).setReasonPhrase("Bad Gateway");
            exchange.setPersistent(false);
            return new ReplacedBody(factory.create(), body, request.upstream);
        };
    }

    /** What is wrong with the response head Undertow's client parsed into the exchange, or null. */
    static String check(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (status < 200 && !(status == 101 && exchange.isUpgrade())) {
            return "it sent the interim response " + status + " where the final one was due; requests with a body"
                    + " and upgrades cannot relay interim responses (the lean path skips them)";
        }
        HeaderMap headers = exchange.getResponseHeaders();
        HeaderValues lengths = headers.get(Headers.CONTENT_LENGTH);
        if (lengths != null) {
            if (headers.contains(Headers.TRANSFER_ENCODING)) {
                return "it has both Content-Length and Transfer-Encoding";
            }
            String first = lengths.getFirst();
            for (String length : lengths) {
                if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return "the Content-Length \"" + UntrustedText.printable(length)
                            + "\" is not a length";
                }
                if (!length.equals(first) && Long.parseLong(length) != Long.parseLong(first)) {
                    return "two different Content-Length headers";
                }
            }
        }
        long headBytes = 0;
        for (HeaderValues values : headers) {
            for (String value : values) {
                headBytes += values.getHeaderName().length() + value.length() + 4;
            }
        }
        if (headBytes > MAX_HEAD_BYTES) {
            return "its head is larger than " + MAX_HEAD_BYTES + " bytes";
        }
        return null;
    }
}
