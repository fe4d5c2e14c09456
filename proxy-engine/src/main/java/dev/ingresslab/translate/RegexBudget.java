package dev.ingresslab.translate;

import dev.ingresslab.proxy.ProxySettings;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The regex work one request may ask of the proxy, enforced while a table is translated (docs/routing.md §4).
 *
 * <p>A request is matched against the regexes of one host only (the host group that decides for it, tried in
 * turn), and then, when the route has a {@code rewrite-target}, once more against the winning regex for its
 * capture groups. RE2/J's matching costs at most one step per program instruction per path character, so the
 * worst a request can cost is {@code (sum of the host's program sizes + the largest one with a rewrite-target) × path
 * length}. The path
 * is at most {@value #MAX_PATH_CHARS} characters (8 KiB: the proxy refuses a longer request-target with 414, as
 * nginx does; {@link ProxySettings#MAX_REQUEST_TARGET_BYTES}), and one request may cost at most
 * {@value #STEPS_PER_REQUEST} steps (2^21): so a host's regexes may compile to {@link #HOST_LIMIT} instructions in
 * all (256; a path such as {@code /api(/|$)(.*)} is about 17). Measured worst case on a 2-core laptop, with the
 * 32 KiB paths the proxy accepted before: docs/benchmarks.md "Regex work per request".
 *
 * <p>Paths are admitted in the order the translator compiles them, oldest Ingress first, so, as for any other
 * conflict, the oldest Ingress keeps its paths and a newer one loses the paths that do not fit. The same path text
 * twice on a host is one regex (the table keeps one of them).
 */
final class RegexBudget {

    /** The longest path a request can carry: the proxy's request-target limit (8 KiB; longer, 414). */
    static final int MAX_PATH_CHARS = ProxySettings.MAX_REQUEST_TARGET_BYTES;
    /** The regex steps (program instruction × path character) one request may cost: 2^21. */
    static final long STEPS_PER_REQUEST = 1L << 21;
    /** The program size a host's regexes may add up to, counting the largest with a rewrite-target twice. */
    static final long HOST_LIMIT = STEPS_PER_REQUEST / MAX_PATH_CHARS;

    /** What one host has admitted so far. */
    private static final class Host {
        final Set<String> paths = new HashSet<>();
        long sum;
        long largestRewriting;

        long costWith(long size, boolean rewrites) {
            return sum + size + Math.max(largestRewriting, rewrites ? size : 0);
        }
    }

    private final Map<String, Host> hosts = new HashMap<>();

    /**
     * Whether a regex path of a host still fits beside the ones {@link #count}ed; a path text already counted on
     * the host is free.
     *
     * @param size     the program size estimated by {@link dev.ingresslab.route.RegexBounds}
     * @param rewrites whether the path's Ingress has a rewrite-target (its regex then runs twice on a match)
     * @return null when it fits; else why not, in words for a diagnostic
     */
    String refusal(String host, String path, long size, boolean rewrites) {
        Host admitted = hosts.get(host);
        if (admitted != null && admitted.paths.contains(path)) {
            return null;
        }
        long cost = (admitted == null ? new Host() : admitted).costWith(size, rewrites);
        if (cost <= HOST_LIMIT) {
            return null;
        }
        return "the regexes of host " + (host.isEmpty() ? "*" : host) + " would compile to " + cost
                + " instructions with this one (the largest with a rewrite-target counted twice: it runs again for the"
                + " groups), and a host"
                + " may have " + HOST_LIMIT + " (one request may cost at most " + STEPS_PER_REQUEST + " regex steps,"
                + " on paths of up to " + MAX_PATH_CHARS + " characters, the longest request-target the proxy"
                + " accepts); the paths of the Ingresses taken first (oldest first; of equal age, the last by"
                + " namespace/name) are kept"
                + " first. Use Prefix or Exact paths on a host without use-regex and rewrite-target, fewer or"
                + " simpler regexes, or another host";
    }

    /** Counts a compiled regex path of a host (once per path text). */
    void count(String host, String path, long size, boolean rewrites) {
        Host admitted = hosts.computeIfAbsent(host, h -> new Host());
        if (admitted.paths.add(path)) {
            admitted.sum += size;
            admitted.largestRewriting = Math.max(admitted.largestRewriting, rewrites ? size : 0);
        }
    }
}
