package dev.ingresslab.route;

import com.google.re2j.Pattern;

import java.util.Objects;

/**
 * One header or query-parameter condition of an HTTPRoute match (Gateway API v1 {@code HTTPHeaderMatch}, {@code
 * HTTPQueryParamMatch}; ingress-semantics.md §9.2). {@code Exact} compares the value as is (case-sensitive);
 * {@code RegularExpression} must match the whole value, with RE2/J (linear time; bounded by {@link RegexBounds}).
 *
 * @param name  the header name (compared case-insensitively) or the query parameter name (case-sensitive)
 * @param regex the compiled pattern for {@code RegularExpression}, else null
 * @param value the value to compare, or the pattern's text
 */
public record FieldMatch(String name, String value, Pattern regex) {

    public FieldMatch {
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
    }

    public static FieldMatch exact(String name, String value) {
        return new FieldMatch(name, value, null);
    }

    /** Whether a received value (null when absent) satisfies this condition. */
    public boolean test(String received) {
        if (received == null) {
            return false;
        }
        return regex == null ? value.equals(received) : regex.matches(received);
    }

    /** {@code x-version=2} or {@code x-version~v[0-9]+}. */
    public String display() {
        return name + (regex == null ? "=" : "~") + value;
    }
}
