package dev.ingresslab.translate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ingresslab.route.RegexBounds;

/**
 * The canary annotations of a canary Ingress, as ingress-nginx's {@code internal/ingress/annotations/canary}
 * parser reads them and its balancer ({@code rootfs/etc/nginx/lua/balancer.lua}) uses them.
 *
 * @param header        {@code canary-by-header}, or null
 * @param headerValue   {@code canary-by-header-value}, or null
 * @param headerPattern {@code canary-by-header-pattern} compiled (RE2, unanchored), or null
 * @param cookie        {@code canary-by-cookie}, or null
 * @param weight        {@code canary-weight}, 0 when unset; at most {@code weightTotal}
 * @param weightTotal   {@code canary-weight-total} as the balancer uses it: 100 when unset or below 100
 */
record CanaryAnnotations(String header, String headerValue, Pattern headerPattern, String cookie, int weight,
                         int weightTotal) {

    /** A pattern that matches nothing: what an unusable {@code canary-by-header-pattern} becomes. */
    static final Pattern NEVER = Pattern.compile("[^\\x00-\\x{10FFFF}]");

    /**
     * Reads the annotations, reporting what cannot be used. The balancer rolls {@code math.random(total) <= weight}
     * with {@code total} the weight-total when it is over 100, else 100: a weight-total below 100 counts as 100
     * there, and so here (with a warning); a weight at or over the total sends every request that header and cookie
     * leave undecided to the canary.
     */
    static CanaryAnnotations read(NginxAnnotations.Reader reader) {
        int total = reader.integer("canary-weight-total", 100, 1, Integer.MAX_VALUE);
        if (total < 100) {
            reader.warn("canary-weight-total", "a total below 100 counts as 100 in ingress-nginx's balancer"
                    + " (balancer.lua), so canary-weight is out of 100 here too; give 100 or more");
            total = 100;
        }
        int weight = reader.integer("canary-weight", 0, 0, Integer.MAX_VALUE);
        String header = reader.string("canary-by-header");
        String headerValue = reader.string("canary-by-header-value");
        Pattern pattern = headerPattern(reader);
        if (header == null && (headerValue != null || pattern != null)) {
            reader.warn(headerValue != null ? "canary-by-header-value" : "canary-by-header-pattern", "it has no"
                    + " effect without canary-by-header, which names the header it applies to");
        } else if (headerValue != null && pattern != null) {
            reader.warn("canary-by-header-pattern", "it is not used: canary-by-header-value is set, and the"
                    + " balancer tries the value alone");
        }
        return new CanaryAnnotations(header, headerValue, pattern, reader.string("canary-by-cookie"),
                Math.min(weight, total), total);
    }

    /**
     * {@code canary-by-header-pattern}: ingress-nginx matches it with {@code ngx.re.match} (PCRE, unanchored, case
     * as written); here it is RE2, bounded as regex paths are ({@link RegexBounds}). A pattern RE2 refuses is
     * reported, and the header then never selects the canary by pattern (as a PCRE error does in the balancer).
     */
    private static Pattern headerPattern(NginxAnnotations.Reader reader) {
        String pattern = reader.string("canary-by-header-pattern");
        if (pattern == null) {
            return null;
        }
        RegexBounds.Measure measure = RegexBounds.measure(pattern);
        if (!measure.accepted()) {
            reader.reject("canary-by-header-pattern", measure.problem()
                    + "; the header then never selects the canary by pattern");
            return NEVER;
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            reader.reject("canary-by-header-pattern", "it is not a regular expression Ingress Lab can run (RE2"
                    + " syntax; PCRE-only features such as lookaround and backreferences are not supported): "
                    + e.getDescription() + "; the header then never selects the canary by pattern");
            return NEVER;
        }
    }
}
