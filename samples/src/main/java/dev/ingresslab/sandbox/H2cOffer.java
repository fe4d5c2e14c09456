package dev.ingresslab.sandbox;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The offer of HTTP/2 over cleartext that Java's HTTP client adds to its first request on a connection to an
 * {@code http://} server ({@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade: h2c}, {@code HTTP2-Settings}),
 * which fabric8's client makes to the sandbox. A server that does not speak h2c ignores the offer and answers in
 * HTTP/1.1 (RFC 9110 §7.8, RFC 7540 §3.2). The front removes it before routing: left in, an HTTP watch looks like a
 * WebSocket upgrade and reaches the store, which answers a list and ends, and a GET proxied to the store with it hangs
 * until the client times out (what made {@code up} fail against a fresh sandbox).
 */
final class H2cOffer {

    private static final HttpString HTTP2_SETTINGS = new HttpString("HTTP2-Settings");

    private H2cOffer() {
    }

    /** Removes an h2c upgrade offer from the request; other upgrades (WebSocket) are left as they are. */
    static void ignore(HttpServerExchange exchange) {
        HeaderValues upgrade = exchange.getRequestHeaders().get(Headers.UPGRADE);
        if (upgrade == null || upgrade.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT)
                .contains("websocket"))) {
            return;
        }
        exchange.getRequestHeaders().remove(Headers.UPGRADE);
        exchange.getRequestHeaders().remove(HTTP2_SETTINGS);
        HeaderValues connection = exchange.getRequestHeaders().get(Headers.CONNECTION);
        if (connection == null) {
            return;
        }
        String kept = connection.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
                .filter(token -> !token.isEmpty() && !token.equalsIgnoreCase("upgrade")
                        && !token.equalsIgnoreCase("http2-settings"))
                .collect(Collectors.joining(", "));
        if (kept.isEmpty()) {
            exchange.getRequestHeaders().remove(Headers.CONNECTION);
        } else {
            exchange.getRequestHeaders().put(Headers.CONNECTION, kept);
        }
    }
}
