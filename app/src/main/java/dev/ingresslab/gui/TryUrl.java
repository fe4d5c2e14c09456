package dev.ingresslab.gui;

import dev.ingresslab.core.HttpsCurl;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.text.ShellWords;
import dev.ingresslab.tls.local.LocalCa;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A URL that a route takes, for trying it: the address a browser opens and the {@code curl} command that sends
 * the same request through the proxy and works as typed, with no hosts-file entry ({@code --resolve} sends the
 * route's host in the URL and the {@code Host} header while connecting to the proxy on loopback).
 *
 * <p>A host the proxy serves with a certificate gets its https URL and a curl that trusts the local CA: its plain
 * HTTP URL only answers a 308 redirect to https, with an empty body (as ingress-nginx's {@code ssl-redirect} does).
 *
 * @param url  the URL as the browser opens it ({@code http://alpaca.example.com:8080/}, or
 *             {@code https://alpaca.example.com:8443/} for a host served with TLS); the host must resolve to this
 *             machine for a browser to reach the proxy (see {@link #needsHostsEntry()})
 * @param curl the command, words shell-quoted where needed
 * @param host the host the request names; {@code 127.0.0.1} for a route that takes any host
 */
public record TryUrl(String url, String curl, String host) {

    /** Where the proxy listens for the URLs and commands made here. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * The URL a route takes, when one can be written: the rule's host ({@code *} becomes {@code 127.0.0.1}; a
     * wildcard {@code *.example.com} is tried as {@code test.example.com}, which it matches: a wildcard stands for
     * exactly one label, ingress-semantics.md §2.3) and the path as written for {@code Exact} and {@code Prefix}
     * ({@code /} for a defaultBackend). An {@code ImplementationSpecific} path is taken as written when it holds no
     * regular-expression character; otherwise no URL is made (nothing is guessed).
     *
     * @param host     the rule's host as written, {@code *} or empty for any host
     * @param path     the path as written, empty for a defaultBackend
     * @param pathType {@code Exact}, {@code Prefix}, {@code ImplementationSpecific} or {@code defaultBackend}
     * @param httpPort the proxy's HTTP port (80 is left out of the URL)
     */
    public static Optional<TryUrl> of(String host, String path, String pathType, int httpPort) {
        return of(host, path, pathType, Listeners.httpOnly(httpPort));
    }

    /**
     * As {@link #of(String, String, String, int)}, but a host the listeners serve over https (a secure virtual host,
     * when there is an https listener and the local CA's file is known) gets {@code https://host[:httpsPort]/path}
     * and {@link HttpsCurl#command}: the plain URL of such a host only redirects.
     *
     * @param listeners where the proxy listens, and which hosts it serves with a certificate
     */
    public static Optional<TryUrl> of(String host, String path, String pathType, Listeners listeners) {
        int httpPort = listeners.httpPort();
        String target = path == null || path.isEmpty() ? "/" : path;
        if ("ImplementationSpecific".equals(pathType) && !literal(target)) {
            return Optional.empty();
        }
        String name = host == null || host.isEmpty() || host.equals("*") ? LOOPBACK
                : host.startsWith("*.") ? "test" + host.substring(1) : host.toLowerCase(Locale.ROOT);
        if (!name.equals(LOOPBACK) && listeners.servesHttps(name)) {
            return Optional.of(new TryUrl(HttpsCurl.url(name, target, listeners.httpsPort()),
                    HttpsCurl.command(name, target, listeners.httpsPort(), listeners.caFile()), name));
        }
        String authority = httpPort == 80 ? name : name + ":" + httpPort;
        String url = "http://" + authority + target;
        String curl = name.equals(LOOPBACK) ? ShellWords.command("curl", url)
                : ShellWords.command("curl", "--resolve", name + ":" + httpPort + ":" + LOOPBACK, url);
        return Optional.of(new TryUrl(url, curl, name));
    }

    /** True when a browser needs the host in /etc/hosts (or DNS) pointing at this machine to open {@link #url}. */
    public boolean needsHostsEntry() {
        return !host.equals(LOOPBACK) && !host.equals("localhost") && !host.endsWith(".localhost");
    }

    /**
     * What to do when {@link #host} does not lead to this machine: the Hosts view adds it to the hosts file's
     * Ingress Lab block (one privilege prompt), or Copy as curl, whose {@code --resolve} needs no name lookup. A
     * browser also needs the port of {@link #url} when it is not 80: a hosts entry maps a name, never a port.
     */
    public String hostsAdvice() {
        return host + " does not lead to this machine yet: open Hosts to add it to the hosts file (one prompt for"
                + " your password), then open " + url + " as it is" + (url.matches("https?://" + java.util.regex.Pattern.quote(host) + ":.*")
                ? ", port included" : "") + "; Copy as curl works now, without an entry.";
    }

    /**
     * Where the proxy listens for the URLs made here.
     *
     * @param httpPort  the proxy's HTTP port on loopback (0 when nothing serves)
     * @param httpsPort the proxy's HTTPS port on loopback, 0 without an https listener
     * @param caFile    the local CA's certificate ({@link LocalCa#CERTIFICATE_FILE} in the data directory), which issues
     *                  the sandbox's TLS Secrets; null when unknown (then no https URL is made)
     * @param secure    whether the route table serves a host (lower case, concrete) with TLS
     *                  ({@link RouteTable#secureVirtualHostFor})
     */
    public record Listeners(int httpPort, int httpsPort, Path caFile, Predicate<String> secure) {

        /** Plain HTTP only: every URL is {@code http://}. */
        public static Listeners httpOnly(int httpPort) {
            return new Listeners(httpPort, 0, null, host -> false);
        }

        /**
         * The listeners of a session's snapshot, with the local CA of its data directory.
         *
         * @param snapshot      the session's state, null when nothing runs (then nothing serves: port 0)
         * @param dataDirectory the session's data directory, null when unknown (then no https URL is made)
         */
        public static Listeners of(SessionSnapshot snapshot, Path dataDirectory) {
            if (snapshot == null) {
                return httpOnly(0);
            }
            RouteTable table = snapshot.translation().table();
            return new Listeners(snapshot.connection().httpPort(), snapshot.connection().httpsPort(),
                    dataDirectory == null ? null : dataDirectory.resolve(LocalCa.CERTIFICATE_FILE),
                    host -> table.secureVirtualHostFor(host).isPresent());
        }

        /** Whether an https URL works for this host: an https listener, the CA's file, and a secure host. */
        boolean servesHttps(String host) {
            return httpsPort > 0 && caFile != null && secure.test(host);
        }
    }

    private static boolean literal(String path) {
        for (char c : path.toCharArray()) {
            if ("^$*+?()[]{}|\\".indexOf(c) >= 0) {
                return false;
            }
        }
        return path.startsWith("/");
    }
}
