package dev.ingresslab.route;

import java.util.Locale;
import java.util.Set;

/**
 * The header fields an HTTPRoute's {@code RequestHeaderModifier} or {@code ResponseHeaderModifier} may not touch,
 * because the proxy writes them itself, and why (Gateway API v1 {@code HTTPHeaderFilter} leaves which fields an
 * implementation protects to it; Envoy refuses to modify {@code :}-prefixed fields and Host this way). Checked when a
 * rule is compiled, so a refused modifier is a diagnostic at its field instead of a head with the field twice.
 * <ul>
 *   <li>the message's framing and the hop-by-hop fields, both ways (RFC 9110 §7.6.1, RFC 9112 §6): the proxy frames
 *   each message anew and keeps connection options between its two ends;</li>
 *   <li>on a request, the edge's forwarding fields (docs/routing.md §7, {@code ForwardingPolicy} in the proxy): they
 *   describe the request the client made, whatever a route does to the request sent on;</li>
 *   <li>on a request, Host may only be {@code set} (as URLRewrite's hostname does): a request without a Host, or with
 *   two, is not HTTP/1.1 (RFC 9112 §3.2).</li>
 * </ul>
 */
public final class ProxyOwnedFields {

    /** Framing and hop-by-hop fields (lower case), in either direction. */
    public static final Set<String> FRAMING_AND_HOP_BY_HOP = Set.of("content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "http2-settings");

    /**
     * The request fields the edge writes or clears (lower case): the {@code X-Forwarded-*} family (every name with
     * that prefix), RFC 7239's {@code Forwarded}, and those ingress-nginx's {@code nginx.tmpl} sets with
     * {@code proxy_set_header}, as the proxy's forwarding policy lists them; and Expect, which the proxy answers.
     */
    public static final Set<String> FORWARDING = Set.of("forwarded", "x-real-ip", "x-request-id", "x-scheme",
            "x-original-uri", "x-original-forwarded-for", "proxy", "ssl-client-cert", "ssl-client-verify",
            "ssl-client-subject-dn", "ssl-client-issuer-dn", "expect");

    private ProxyOwnedFields() {
    }

    /**
     * Why a header modifier cannot {@code action} ({@code set}, {@code add} or {@code remove}) the field {@code name},
     * in words that say what to do; null when it can.
     *
     * @param response true for a {@code ResponseHeaderModifier}
     */
    public static String problem(String name, boolean response, String action) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (FRAMING_AND_HOP_BY_HOP.contains(lower)) {
            return "header " + name + " frames the message or belongs to one connection (RFC 9110 §7.6.1): the proxy"
                    + " writes it itself on each side, so a filter cannot " + action + " it; remove it from the"
                    + " filter";
        }
        if (response) {
            return null;
        }
        if (lower.equals("host")) {
            return action.equals("set") ? null : "header Host can only be set (or use URLRewrite's hostname): a"
                    + " request needs exactly one Host (RFC 9112 §3.2), so a filter cannot " + action + " it";
        }
        if (lower.startsWith("x-forwarded-") || FORWARDING.contains(lower)) {
            return "header " + name + " is written by the proxy from the client's own request (the forwarding"
                    + " headers, docs/routing.md §7), so a filter cannot " + action + " it; send the value under"
                    + " another name";
        }
        return null;
    }
}
