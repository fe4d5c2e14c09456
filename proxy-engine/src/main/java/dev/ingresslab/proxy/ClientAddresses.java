package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text of a client's address, for X-Forwarded-For and the journal, formatted once per address: the proxy
 * listens on loopback, so the same few addresses come back on every request.
 */
final class ClientAddresses {

    /** Beyond this many addresses, texts are made per request again (bounded memory whatever connects). */
    private static final int REMEMBERED = 256;
    private static final ConcurrentHashMap<InetAddress, String> TEXTS = new ConcurrentHashMap<>();

    private ClientAddresses() {
    }

    /** The client's address as text ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1}), or empty when unknown. */
    static String of(HttpServerExchange exchange) {
        return of(exchange.getSourceAddress());
    }

    /** The text of a client's socket address, or empty when unknown. */
    static String of(InetSocketAddress source) {
        InetAddress address = source == null ? null : source.getAddress();
        if (address == null) {
            return "";
        }
        String text = TEXTS.get(address);
        if (text == null) {
            text = address.getHostAddress();
            if (TEXTS.size() < REMEMBERED) {
                TEXTS.putIfAbsent(address, text);
            }
        }
        return text;
    }
}
