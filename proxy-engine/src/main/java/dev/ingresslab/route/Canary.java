package dev.ingresslab.route;

import com.google.re2j.Pattern;

import java.util.Objects;

/**
 * A canary Ingress attached to a route (ingress-nginx {@code canary} annotations, ingress-semantics.md §6.5), decided
 * in the order of ingress-nginx's {@code route_to_alternative_balancer} ({@code rootfs/etc/nginx/lua/balancer.lua}):
 * <ol>
 *   <li>the header {@code canary-by-header}, when the request has it: with {@code canary-by-header-value}, equal to
 *   it selects the canary; else with {@code canary-by-header-pattern}, a match anywhere in it selects the canary;
 *   else {@code always} selects the canary and {@code never} the primary. Any other value decides nothing;</li>
 *   <li>the cookie {@code canary-by-cookie}: {@code always} or {@code never}; any other value decides nothing;</li>
 *   <li>the weight: {@code canary-weight} requests in {@code canary-weight-total}.</li>
 * </ol>
 *
 * @param origin        the canary Ingress's path (or defaultBackend)
 * @param backend       where canary requests go
 * @param header        {@code canary-by-header}, or null
 * @param headerValue   {@code canary-by-header-value}, or null: the header must equal it exactly
 * @param headerPattern {@code canary-by-header-pattern} (RE2, unanchored), or null; used only without a header value
 * @param cookie        {@code canary-by-cookie}, or null
 * @param weight        {@code canary-weight}, 0 when unset, at most {@code weightTotal}
 * @param weightTotal   {@code canary-weight-total}, 100 when unset (the balancer counts a smaller total as 100)
 * @param mergedAt      the primary path whose host, path and pathType the canary's path matched. ingress-nginx merges
 *                      a canary into the primary's upstream (its Service port), so every path routed to that Service
 *                      port takes the canary; for those paths this names where it was merged
 */
public record Canary(Origin origin, Backend backend, String header, String headerValue, Pattern headerPattern,
                     String cookie, int weight, int weightTotal, Origin mergedAt) {

    public Canary {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(backend);
        Objects.requireNonNull(mergedAt);
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
                } else if (headerPattern != null) {
                    if (headerPattern.matcher(value).find()) {
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

    /** Whether the canary takes the request: header, then cookie, then a roll of the weight. */
    public boolean takes(RequestView request, java.util.random.RandomGenerator random) {
        return switch (byHeaderOrCookie(request)) {
            case CANARY -> true;
            case PRIMARY -> false;
            case UNDECIDED -> weight > 0 && random.nextInt(weightTotal) < weight;
        };
    }

    /** Which rule decided for this request and how, in words, for explain (reads the request again; not for the proxy). */
    public String why(RequestView request) {
        String value = header == null ? null : request.header(header);
        if (value != null) {
            String shown = UntrustedText.printable(value);
            if (headerValue != null) {
                if (headerValue.equals(value)) {
                    return "header " + header + ": " + shown + " equals canary-by-header-value";
                }
            } else if (headerPattern != null) {
                if (headerPattern.matcher(value).find()) {
                    return "header " + header + ": " + shown + " matches canary-by-header-pattern "
                            + headerPattern.pattern();
                }
            } else if ("always".equals(value) || "never".equals(value)) {
                return "header " + header + ": " + value;
            }
        }
        String cookieValue = cookie == null ? null : request.cookie(cookie);
        if ("always".equals(cookieValue) || "never".equals(cookieValue)) {
            return (value != null ? "header " + header + " decides nothing with that value, so " : "")
                    + "cookie " + cookie + "=" + cookieValue;
        }
        if (weight == 0) {
            return "neither header nor cookie decides, and canary-weight is 0";
        }
        return "neither header nor cookie decides, so the weight does: " + weight + " in " + weightTotal
                + " requests";
    }

    /** The rule in words, for explain. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (header != null) {
            text.append("header ").append(header).append(headerValue != null ? " = " + headerValue
                    : headerPattern != null ? " matching " + headerPattern.pattern() : " = always (never: primary)");
        }
        if (cookie != null) {
            text.append(text.isEmpty() ? "" : ", then ").append("cookie ").append(cookie)
                    .append(" = always (never: primary)");
        }
        if (weight > 0) {
            text.append(text.isEmpty() ? "" : ", then ").append(weight).append(" in ").append(weightTotal)
                    .append(" requests");
        }
        return text.isEmpty() ? "never (no header, cookie or weight set)" : text.toString();
    }

    /** The same canary, merged at a primary path. */
    public Canary mergedAt(Origin primary) {
        return new Canary(origin, backend, header, headerValue, headerPattern, cookie, weight, weightTotal, primary);
    }
}
