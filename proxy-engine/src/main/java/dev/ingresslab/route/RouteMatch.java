package dev.ingresslab.route;

import com.google.re2j.Pattern;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What an HTTPRoute match requires of a request beyond its host (Gateway API v1 {@code HTTPRouteMatch};
 * ingress-semantics.md §9.1–9.2): a path (Exact, PathPrefix element-wise as Ingress Prefix, or RegularExpression
 * matched against the whole path, case-sensitive, with RE2/J), and, ANDed with it, headers, query parameters and the
 * method. Ingress routes have none ({@link Route#match()} is null).
 *
 * @param pathType    {@code Exact}, {@code PathPrefix} or {@code RegularExpression}
 * @param path        the path value as written
 * @param pathRegex   the compiled pattern for {@code RegularExpression}, else null
 * @param headers     header conditions (first entry per name only, as the spec says)
 * @param queryParams query-parameter conditions (the request's first value of a name is the one tested)
 * @param method      the method required, or null for any
 * @param scheme      {@code http} or {@code https} when the Route is attached to a listener of that protocol only;
 *                    null when it serves both
 */
public record RouteMatch(String pathType, String path, Pattern pathRegex, List<FieldMatch> headers,
                         List<FieldMatch> queryParams, String method, String scheme) {

    public static final String EXACT = "Exact";
    public static final String PATH_PREFIX = "PathPrefix";
    public static final String REGULAR_EXPRESSION = "RegularExpression";

    public RouteMatch {
        Objects.requireNonNull(pathType);
        Objects.requireNonNull(path);
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
        if (pathType.equals(REGULAR_EXPRESSION) != (pathRegex != null)) {
            throw new IllegalArgumentException("a pattern is needed for RegularExpression and only there");
        }
    }

    /** This match with another scheme restriction. */
    public RouteMatch withScheme(String newScheme) {
        return new RouteMatch(pathType, path, pathRegex, headers, queryParams, method, newScheme);
    }

    /** The PathPrefix key: the value without its trailing slash ({@code /} is the empty key). */
    public String prefixKey() {
        return PathMatch.prefixKey(path);
    }

    /** Whether the normalised path matches. */
    public boolean pathMatches(String requestPath) {
        return switch (pathType) {
            case EXACT -> path.equals(requestPath);
            case PATH_PREFIX -> PathMatch.prefixMatches(prefixKey(), requestPath);
            default -> pathRegex.matches(requestPath);
        };
    }

    /**
     * Whether a request matches: the path, then the method, the headers and the query (in that order, cheapest
     * first).
     *
     * @param requestPath the normalised path
     * @param query       the raw query (after {@code ?}), or null
     */
    public boolean matches(RequestView request, String requestPath, String query) {
        return firstMiss(request, requestPath, query) == null;
    }

    /** The first condition the request fails, in words, or null when it matches. For explain and the trace. */
    public String firstMiss(RequestView request, String requestPath, String query) {
        if (scheme != null && !scheme.equals(request.scheme())) {
            return "attached to the " + scheme + " listener only";
        }
        if (!pathMatches(requestPath)) {
            return "path " + requestPath + " does not match " + pathType + " " + path;
        }
        if (method != null && !method.equals(request.method())) {
            return "method " + request.method() + " is not " + method;
        }
        for (FieldMatch header : headers) {
            if (!header.test(request.header(header.name()))) {
                return "header " + header.display() + " not matched";
            }
        }
        for (FieldMatch param : queryParams) {
            if (!param.test(queryValue(query, param.name()))) {
                return "query " + param.display() + " not matched";
            }
        }
        return null;
    }

    /**
     * The first value of a query parameter (percent-decoded, {@code +} as space, as form fields), or null when the
     * query has no parameter of that name (ingress-semantics.md §9.2: repeated parameters, first value).
     */
    static String queryValue(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        int from = 0;
        while (from <= query.length()) {
            int end = query.indexOf('&', from);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', from);
            String key = equals < 0 || equals > end ? query.substring(from, end) : query.substring(from, equals);
            if (decode(key).equals(name)) {
                return equals < 0 || equals > end ? "" : decode(query.substring(equals + 1, end));
            }
            from = end + 1;
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape is compared as written
        }
    }

    /** {@code PathPrefix /a, GET, header x=1, query q=2}. */
    public String display() {
        StringBuilder text = new StringBuilder(pathType).append(' ').append(path);
        if (method != null) {
            text.append(", ").append(method);
        }
        headers.forEach(h -> text.append(", header ").append(h.display()));
        queryParams.forEach(q -> text.append(", query ").append(q.display()));
        if (scheme != null) {
            text.append(", ").append(scheme).append(" only");
        }
        return text.toString();
    }
}
