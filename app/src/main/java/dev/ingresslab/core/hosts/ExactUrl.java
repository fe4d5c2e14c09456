package dev.ingresslab.core.hosts;

import java.util.Locale;

/**
 * The URL a browser must open to reach a host through the proxy: the scheme's default port is left out, any other
 * port is written ({@code http://alpaca.example.com:8080/} when the proxy could not bind 80). A hosts-file entry maps
 * a name to an address only, never to a port (hosts(5)): a proxy on 8080 is reached at {@code :8080} whatever the
 * file says, which is why this URL is printed beside every name (issue #15 §8).
 */
public final class ExactUrl {

    /** HTTP's default port (RFC 9110 §4.2.1): the one a URL may leave out. */
    public static final int HTTP_DEFAULT_PORT = 80;

    private ExactUrl() {
    }

    /**
     * {@code http://HOST[:PORT]PATH}.
     *
     * @param host     a DNS name as a route names it (lower-cased here), or an address such as {@code 127.0.0.1}
     * @param httpPort the proxy's HTTP port, 1–65535; {@value #HTTP_DEFAULT_PORT} is left out (RFC 3986 §3.2.3)
     * @param path     the path to open, starting with {@code /}; empty or null for {@code /}
     * @throws IllegalArgumentException when the port is out of range or the path does not start with {@code /}
     */
    public static String http(String host, int httpPort, String path) {
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("the HTTP port must be from 1 to 65535, not " + httpPort);
        }
        String target = path == null || path.isEmpty() ? "/" : path;
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("a URL path starts with /, not " + target);
        }
        String name = host.toLowerCase(Locale.ROOT);
        return "http://" + (httpPort == HTTP_DEFAULT_PORT ? name : name + ":" + httpPort) + target;
    }
}
