package dev.ingresslab.gui;

import dev.ingresslab.text.ShellWords;

import java.util.Locale;
import java.util.Optional;

/**
 * A URL that a route takes, for trying it: the address a browser opens and the {@code curl} command that sends
 * the same request through the proxy and works as typed, with no hosts-file entry ({@code --resolve} sends the
 * route's host in the URL and the {@code Host} header while connecting to the proxy on loopback).
 *
 * @param url  the URL as the browser opens it ({@code http://alpaca.example.com:8080/}); the host must resolve to
 *             this machine for a browser to reach the proxy (see {@link #needsHostsEntry()})
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
        String target = path == null || path.isEmpty() ? "/" : path;
        if ("ImplementationSpecific".equals(pathType) && !literal(target)) {
            return Optional.empty();
        }
        String name = host == null || host.isEmpty() || host.equals("*") ? LOOPBACK
                : host.startsWith("*.") ? "test" + host.substring(1) : host.toLowerCase(Locale.ROOT);
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
                + " your password), then open " + url + " as it is" + (url.startsWith("http://" + host + ":")
                ? ", port included" : "") + "; Copy as curl works now, without an entry.";
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
