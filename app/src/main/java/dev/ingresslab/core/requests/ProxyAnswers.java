package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.Outcome;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which answers the proxy made itself rather than relayed from a backend: the 404 when no rule matches, the 503 when
 * a Service has no endpoints, the 500 when an HTTPRoute's backend cannot be used, the 400 (and 414, 431) for a
 * request it refused, the redirects an Ingress or HTTPRoute asks for (ssl-redirect, permanent-redirect,
 * RequestRedirect), and the 502/504 it sends when the endpoint could not be reached. The Requests view marks them so
 * that nobody looks for a 404 in a backend's logs.
 */
public final class ProxyAnswers {

    /** The answers {@code is:ours} matches, in a few words for a filter's help. */
    public static final String SUMMARY = "404 no rule, 503 no endpoints, 500 an HTTPRoute backend that cannot be used,"
            + " 400, redirects, 502/504";

    private ProxyAnswers() {
    }

    /** True when the proxy itself made the answer the client received (see the class comment for the cases). */
    public static boolean isOurs(RequestRecord record) {
        return !Outcome.ROUTED.jsonName().equals(record.outcome()) || record.endpoint().isEmpty()
                || !record.error().isEmpty();
    }

    /** Why the proxy answered itself, in a few words for a tooltip; empty when a backend answered. */
    public static String why(RequestRecord record) {
        if (!isOurs(record)) {
            return "";
        }
        Optional<Outcome> outcome = Arrays.stream(Outcome.values())
                .filter(known -> known.jsonName().equals(record.outcome())).findFirst();
        String failed = record.error().isEmpty() ? "the proxy answered itself" : record.error();
        // a switch over every outcome: a new kind of answer does not compile until it has its words here
        return outcome.map(known -> switch (known) {
            case ROUTED -> failed; // the endpoint could not be reached (502) or did not answer in time (504)
            case REDIRECT -> "the Ingress or HTTPRoute asks for a redirect";
            case NOT_FOUND -> "no rule matches this host and path";
            case NO_ENDPOINTS -> "the Service has no ready endpoints";
            case BAD_REQUEST -> "the proxy refused the request";
            case INVALID_BACKEND -> "the HTTPRoute's backend cannot be used (no such Service, a reference no"
                    + " ReferenceGrant permits, or every weight 0): 500, as the Gateway API requires";
        }).orElse(failed);
    }
}
