package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.StatusCodes;

import java.nio.charset.StandardCharsets;

/**
 * The heads of an exchange Undertow parsed, written back in HTTP/1.1 form for {@link RequestDetails}: Undertow keeps
 * the fields, not the bytes. Fields come grouped by name in Undertow's order, not necessarily the order received.
 * Called only when a journal subscriber asked for details, never otherwise.
 */
final class ExchangeHeads {

    private ExchangeHeads() {
    }

    /**
     * The request line ({@code target} as the client sent it, the exchange's protocol: HTTP/1.0, HTTP/1.1 or
     * HTTP/2.0) and the request's fields, as the handler first sees them.
     */
    static byte[] request(HttpServerExchange exchange, String target) {
        StringBuilder head = new StringBuilder(256).append(exchange.getRequestMethod()).append(' ').append(target)
                .append(' ').append(exchange.getProtocol()).append("\r\n");
        return fields(head, exchange.getRequestHeaders());
    }

    /** The status line (the exchange's protocol, the status and its reason phrase) and the response's fields. */
    static byte[] response(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        StringBuilder head = new StringBuilder(256).append(exchange.getProtocol()).append(' ').append(status).append(' ')
                .append(StatusCodes.getReason(status)).append("\r\n");
        return fields(head, exchange.getResponseHeaders());
    }

    private static byte[] fields(StringBuilder head, HeaderMap headers) {
        for (HeaderValues values : headers) {
            for (String value : values) {
                head.append(values.getHeaderName()).append(": ").append(value).append("\r\n");
            }
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
