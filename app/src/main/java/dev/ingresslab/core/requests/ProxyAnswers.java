package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;

/**
 * Which answers the proxy made itself rather than relayed from a backend: the 404 when no rule matches, the 503 when
 * a Service has no endpoints, the 400 for a request it refused, the redirects an Ingress asks for (ssl-redirect,
 * permanent-redirect), and the 502/504 it sends when the endpoint could not be reached. The Requests view marks them
 * so that nobody looks for a 404 in a backend's logs.
 */
public final class ProxyAnswers {

    private ProxyAnswers() {
    }

    /** True when the proxy itself made the answer the client received (see the class comment for the cases). */
    public static boolean isOurs(RequestRecord record) {
        return !"routed".equals(record.outcome()) || record.endpoint().isEmpty() || !record.error().isEmpty();
    }

    /** Why the proxy answered itself, in a few words for a tooltip; empty when a backend answered. */
    public static String why(RequestRecord record) {
        if (!isOurs(record)) {
            return "";
        }
        return switch (record.outcome()) {
            case "not_found" -> "no rule matches this host and path";
            case "no_endpoints" -> "the Service has no ready endpoints";
            case "bad_request" -> "the proxy refused the request";
            case "redirect" -> "the Ingress asks for a redirect";
            default -> record.error().isEmpty() ? "the proxy answered itself" : record.error();
        };
    }
}
