package dev.ingresslab.route;

import java.util.Objects;

/**
 * A canary Ingress attached to a route (ingress-nginx {@code canary} annotations, ingress-semantics.md §6.5).
 * The decision goes header, then cookie, then weight.
 *
 * @param origin      the canary Ingress's path
 * @param backend     where canary requests go
 * @param header      {@code canary-by-header}, or null
 * @param headerValue {@code canary-by-header-value}, or null: the header must equal it exactly
 * @param cookie      {@code canary-by-cookie}, or null
 * @param weight      {@code canary-weight}, 0 when unset
 * @param weightTotal {@code canary-weight-total}, 100 when unset
 */
public record Canary(Origin origin, Backend backend, String header, String headerValue, String cookie, int weight,
                     int weightTotal) {

    public Canary {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(backend);
        if (weightTotal <= 0 || weight < 0 || weight > weightTotal) {
            throw new IllegalArgumentException("canary weight must be within 0.." + weightTotal + ": " + weight);
        }
    }

    /** What the request's header or cookie says, before the weight is rolled. */
    public enum Verdict { CANARY, PRIMARY, UNDECIDED }

    /** Applies the header and cookie rules; {@link Verdict#UNDECIDED} means the weight decides. */
    public Verdict byHeaderOrCookie(RequestView request) {
        if (header != null) {
            String value = request.header(header);
            if (value != null) {
                if (headerValue != null) {
                    if (headerValue.equals(value)) {
                        return Verdict.CANARY;
                    }
                } else if ("always".equals(value)) {
                    return Verdict.CANARY;
                } else if ("never".equals(value)) {
                    return Verdict.PRIMARY;
                }
            }
        }
        if (cookie != null) {
            String value = request.cookie(cookie);
            if ("always".equals(value)) {
                return Verdict.CANARY;
            }
            if ("never".equals(value)) {
                return Verdict.PRIMARY;
            }
        }
        return Verdict.UNDECIDED;
    }

    /** The rule in words, for explain. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (header != null) {
            text.append("header ").append(header).append(headerValue != null ? " = " + headerValue : " = always");
        }
        if (cookie != null) {
            text.append(text.isEmpty() ? "" : ", then ").append("cookie ").append(cookie).append(" = always");
        }
        if (weight > 0) {
            text.append(text.isEmpty() ? "" : ", then ").append(weight).append(" in ").append(weightTotal)
                    .append(" requests");
        }
        return text.isEmpty() ? "never (no header, cookie or weight set)" : text.toString();
    }
}
