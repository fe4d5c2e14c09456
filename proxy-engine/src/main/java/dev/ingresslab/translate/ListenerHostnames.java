package dev.ingresslab.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hostnames an HTTPRoute is served under on one listener: the intersection of the listener's {@code hostname}
 * and the Route's {@code spec.hostnames} (Gateway API v1 {@code HTTPRouteSpec.hostnames}; ingress-semantics.md §9.3).
 * A wildcard {@code *.example.com} matches any name with that suffix, however many labels deep ({@code
 * a.b.example.com}), never {@code example.com} itself; where one side is a wildcard and the other a name it matches,
 * the more specific one is kept.
 */
final class ListenerHostnames {

    /** The host-less entry: the Route takes every host the listener takes. */
    static final String ANY = "";

    private ListenerHostnames() {
    }

    /**
     * @param listener the listener's hostname, or null for any
     * @param route    the Route's hostnames (lower-cased here), empty for any
     * @return the hostnames to serve the Route under, without duplicates, in the Route's order; {@link #ANY} when both
     *         take any host; empty when they do not intersect
     */
    static List<String> intersect(String listener, List<String> route) {
        List<String> result = new ArrayList<>();
        if (route.isEmpty()) {
            result.add(listener == null ? ANY : listener);
            return result;
        }
        for (String raw : route) {
            String name = raw.toLowerCase(Locale.ROOT);
            String kept = null;
            if (listener == null || listener.equals(name)) {
                kept = name;
            } else if (wildcardMatches(listener, name)) {
                kept = name;
            } else if (wildcardMatches(name, listener)) {
                kept = listener;
            }
            if (kept != null && !result.contains(kept)) {
                result.add(kept);
            }
        }
        return result;
    }

    /**
     * Whether a wildcard covers a name (a precise name, or a narrower wildcard): {@code *.example.com} covers {@code
     * a.example.com}, {@code a.b.example.com} and {@code *.b.example.com}, not {@code example.com}.
     */
    static boolean wildcardMatches(String wildcard, String name) {
        if (!wildcard.startsWith("*.")) {
            return false;
        }
        String suffix = wildcard.substring(1); // ".example.com"
        String subject = name.startsWith("*.") ? name.substring(1) : name;
        return subject.endsWith(suffix) && subject.length() > suffix.length();
    }
}
