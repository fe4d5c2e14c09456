package dev.ingresslab.convert;

import dev.ingresslab.route.Outcome;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a route table does with one request, reduced to what a client and a backend can observe: the outcome and
 * status, the backends and the share of requests each gets, the request-target they receive, the redirect's
 * Location. Two tables behave the same for a request when these are equal ({@link #sameAs}); {@code why} is only
 * shown.
 *
 * @param outcome  routed, redirect, not found, no endpoints, bad request
 * @param status   the status the proxy answers (200 stands for "what the backend answers")
 * @param backends {@code namespace/service:port} → its share of the requests, as a reduced fraction's numerator
 *                 (1 for a single backend; 80 and 20 become 4 and 1); empty when nothing is forwarded
 * @param target   the request-target the backend receives, or null
 * @param location the redirect's Location, or null
 * @param why      the decision in words, from explain
 */
public record Behaviour(Outcome outcome, int status, Map<String, Integer> backends, String target, String location,
                        String why) {

    public Behaviour {
        Objects.requireNonNull(outcome);
        backends = reduce(backends);
        why = why == null ? "" : why;
    }

    /** Whether a client and a backend would see the same thing. */
    public boolean sameAs(Behaviour other) {
        return outcome == other.outcome && status == other.status && backends.equals(other.backends)
                && Objects.equals(target, other.target)
                && Objects.equals(normalizedLocation(location), normalizedLocation(other.location));
    }

    /**
     * A Location with an empty path given the path {@code /}: {@code https://a.example.com} and {@code
     * https://a.example.com/} are the same resource (RFC 3986 §6.2.3, RFC 9110 §4.2.3: an empty path of an http(s)
     * URI is {@code /}).
     */
    static String normalizedLocation(String location) {
        if (location == null) {
            return null;
        }
        int scheme = location.indexOf("://");
        if (scheme < 0) {
            return location;
        }
        int pathStart = scheme + 3;
        while (pathStart < location.length() && "/?#".indexOf(location.charAt(pathStart)) < 0) {
            pathStart++;
        }
        if (pathStart == location.length() || location.charAt(pathStart) != '/') {
            return location.substring(0, pathStart) + "/" + location.substring(pathStart);
        }
        return location;
    }

    /** {@code 200 default/alpaca:8080 /x}, {@code 308 -> https://a.example.com/}, {@code 404}. */
    public String summary() {
        StringBuilder text = new StringBuilder().append(status);
        if (!backends.isEmpty()) {
            text.append(' ').append(backends.size() == 1 ? backends.keySet().iterator().next()
                    : backends.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}")));
        }
        if (target != null) {
            text.append(' ').append(target);
        }
        if (location != null) {
            text.append(" -> ").append(location);
        }
        return text.toString();
    }

    private static Map<String, Integer> reduce(Map<String, Integer> shares) {
        Map<String, Integer> kept = new TreeMap<>();
        shares.forEach((backend, share) -> {
            if (share != null && share > 0) {
                kept.merge(backend, share, Integer::sum);
            }
        });
        int divisor = kept.values().stream().reduce(0, Behaviour::gcd);
        if (divisor > 1) {
            kept.replaceAll((backend, share) -> share / divisor);
        }
        return java.util.Collections.unmodifiableMap(kept);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
