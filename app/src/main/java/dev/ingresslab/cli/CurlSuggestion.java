package dev.ingresslab.cli;

import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.text.ShellWords;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code try: curl …} line {@code serve} and {@code up} print once listening: a request that one of the loaded
 * routes takes, so the suggestion is never a host the user's manifests do not have.
 */
final class CurlSuggestion {

    private CurlSuggestion() {
    }

    /**
     * The line for the first route of the table (a route with a literal host first), or empty when no route exists.
     * A wildcard host ({@code *.example.com}, Kubernetes API: IngressRule.host) is named by one host it matches
     * ({@code www.example.com}); a rule without a host gets no {@code Host} header; a path with regex characters
     * (ImplementationSpecific in regex mode) or a defaultBackend is asked for at {@code /}.
     *
     * @param routes   the routes in the table's order ({@link SessionSnapshot#routes()})
     * @param httpPort the proxy's HTTP port on 127.0.0.1
     * @return {@code try: curl [-H 'Host: HOST'] http://127.0.0.1:PORT/PATH}, or empty without routes
     */
    static Optional<String> line(List<SessionSnapshot.RouteView> routes, int httpPort) {
        return line(routes, httpPort, host -> false);
    }

    /**
     * As {@link #line(List, int)}, leaving out the routes of hosts served over https ({@code secure}, given the
     * concrete host the line would name): their plain HTTP answer is a 308 redirect with an empty body, and
     * {@link #httpsLine} names them instead. Empty when every route's host is secure.
     *
     * @param secure whether the table serves a host with TLS ({@code RouteTable.secureVirtualHostFor})
     */
    static Optional<String> line(List<SessionSnapshot.RouteView> routes, int httpPort,
                                 java.util.function.Predicate<String> secure) {
        return routes.stream()
                .filter(route -> concrete(route.host()).map(host -> !secure.test(host)).orElse(true))
                .min(Comparator.comparingInt(CurlSuggestion::hostRank))
                .map(route -> "try: curl " + hostHeader(route.host()) + "http://127.0.0.1:" + httpPort
                        + path(route));
    }

    /**
     * The line for the first host the table serves over https ({@code spec.tls}; a wildcard is named by one host it
     * matches), or empty without one or without an HTTPS listener.
     *
     * @param table     the route table in force
     * @param httpsPort the proxy's HTTPS port on 127.0.0.1, 0 or less without one
     * @param caFile    the local CA's certificate, which issued the certificates Ingress Lab made
     * @return {@code try: curl --cacert CA --resolve HOST:PORT:127.0.0.1 https://HOST:PORT/}
     */
    static Optional<String> httpsLine(dev.ingresslab.route.RouteTable table, int httpsPort, java.nio.file.Path caFile) {
        if (httpsPort <= 0) {
            return Optional.empty();
        }
        return table.secureVirtualHosts().stream().map(secure -> secure.host())
                .min(Comparator.comparingInt(host -> host.startsWith("*.") ? 1 : 0))
                .map(host -> "try: " + https(host.startsWith("*.") ? "www." + host.substring(2) : host, "/",
                        httpsPort, caFile));
    }

    /**
     * {@code curl --cacert CA --resolve HOST:PORT:127.0.0.1 https://HOST[:PORT]PATH}: the name resolves to the
     * proxy without a hosts entry, and SNI and the certificate check use the name (curl's {@code --resolve}).
     */
    static String https(String host, String path, int httpsPort, java.nio.file.Path caFile) {
        return dev.ingresslab.core.HttpsCurl.command(host, path, httpsPort, caFile); // the window offers the same
    }

    /** Literal hosts first, then wildcard hosts, then rules for any host; the stable sort keeps table order. */
    private static int hostRank(SessionSnapshot.RouteView route) {
        String host = route.host();
        if (host == null || host.isEmpty() || host.equals("*")) {
            return 2;
        }
        return host.startsWith("*.") ? 1 : 0;
    }

    private static String hostHeader(String host) {
        return concrete(host).map(name -> "-H " + ShellWords.quote("Host: " + name) + " ").orElse("");
    }

    /** The host a request names for a rule's host ({@code www.} for a wildcard), empty for a rule for any host. */
    private static Optional<String> concrete(String host) {
        if (host == null || host.isEmpty() || host.equals("*")) {
            return Optional.empty();
        }
        return Optional.of(host.startsWith("*.") ? "www." + host.substring(2) : host);
    }

    private static String path(SessionSnapshot.RouteView route) {
        String path = route.path();
        if (path == null || path.isEmpty() || !path.startsWith("/") || !plain(path)) {
            return "/";
        }
        return path;
    }

    /** Whether the path has only characters a shell and a URL take as written (no regex, no quoting needed). */
    private static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
