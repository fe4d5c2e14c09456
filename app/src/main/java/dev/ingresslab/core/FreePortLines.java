package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines naming the ports the OS chose for listeners asked for on port 0 ({@code --http-port 0}, {@code
 * --https-port 0}): "HTTP on 127.0.0.1:36509 and [::1]:41003 (any free port, as asked)". They can only be said once
 * the proxy listens, which is why {@link PortChoice} says nothing for port 0; each bind address gets its own port
 * from the OS, so each is named.
 */
final class FreePortLines {

    private FreePortLines() {
    }

    /**
     * @param asked the settings the proxy was started with (port 0 where any free port was asked for)
     * @param proxy the proxy started with them
     * @return one line per protocol asked for on port 0, HTTP first; empty when every port was named
     */
    static List<String> of(ProxySettings asked, ProxyServer proxy) {
        List<String> lines = new ArrayList<>();
        if (asked.httpPort() == 0) {
            lines.add(line("HTTP", proxy.httpAddresses()));
        }
        if (asked.https() != null && asked.https().port() == 0) {
            lines.add(line("HTTPS", proxy.httpsAddresses()));
        }
        return lines;
    }

    private static String line(String protocol, List<InetSocketAddress> addresses) {
        return protocol + " on " + addresses.stream().map(FreePortLines::display).collect(Collectors.joining(" and "))
                + " (any free port, as asked)";
    }

    /** {@code 127.0.0.1:36509}, {@code [::1]:41003}: as a URL names them (RFC 3986 §3.2.2). */
    static String display(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            host = address.getAddress().isLoopbackAddress() ? "::1" : host;
            return "[" + host + "]:" + address.getPort();
        }
        return host + ":" + address.getPort();
    }
}
