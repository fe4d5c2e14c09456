package dev.ingresslab.translate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.FieldMatch;
import dev.ingresslab.route.RegexBounds;
import dev.ingresslab.route.ProxyOwnedFields;
import dev.ingresslab.route.RouteFilters;
import dev.ingresslab.route.RouteMatch;
import dev.ingresslab.route.WeightedBackend;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles one HTTPRoute rule (Gateway API v1 {@code HTTPRouteRule}; ingress-semantics.md §9): its matches (paths
 * checked as §9.1 requires, regular expressions bounded and compiled with RE2/J, case-sensitive), its filters in order
 * (§9.5), its weighted backends (§9.4). Anything invalid is reported at its field and the rule is left out, since
 * serving part of what a rule says would route requests it does not mean to.
 */
final class RuleCompiler {

    private final Compilation compilation;
    private final HTTPRoute route;
    private final String field;
    private final int ruleIndex;
    private final HttpRouteRules.Resolution resolution;
    private boolean invalid;

    RuleCompiler(Compilation compilation, HTTPRoute route, int ruleIndex, HttpRouteRules.Resolution resolution) {
        this.compilation = compilation;
        this.route = route;
        this.ruleIndex = ruleIndex;
        this.field = "spec.rules[" + ruleIndex + "]";
        this.resolution = resolution;
    }

    Optional<HttpRouteRules.CompiledRule> compile(HTTPRouteRule rule) {
        List<HTTPRouteMatch> specs = rule.getMatches() == null || rule.getMatches().isEmpty()
                ? List.of(new HTTPRouteMatch()) : rule.getMatches();
        List<RouteMatch> matches = new ArrayList<>();
        for (int m = 0; m < specs.size(); m++) {
            RouteMatch match = match(specs.get(m), field + ".matches[" + m + "]");
            if (match != null) {
                matches.add(match);
            }
        }
        RouteFilters filters = filters(rule, specs);
        List<WeightedBackend> backends = new ArrayList<>();
        List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
        for (int b = 0; b < refs.size(); b++) {
            String refField = field + ".backendRefs[" + b + "]";
            Backend backend = resolution.backends().get(refField);
            List<FilterSupport.Unapplied> unapplied = FilterSupport.ofBackendRef(refs.get(b), refField);
            if (!unapplied.isEmpty()) {
                unapplied.forEach(u -> compilation.warn(route, u.field(), u.reason(), u.message()));
                // its share of the requests is answered 500: the filter cannot be skipped
                backend = Backend.unavailable(backend.namespace(), backend.service(), backend.port(),
                        BackendState.UNSUPPORTED, unapplied.get(0).message());
            }
            int weight = refs.get(b).getWeight() == null ? 1 : refs.get(b).getWeight();
            if (weight < 0) {
                problem(refField + ".weight", "UnsupportedValue", "a weight is 0 or more, not " + weight);
                continue;
            }
            backends.add(new WeightedBackend(backend, weight));
        }
        if (filters != null && filters.redirect() != null && !refs.isEmpty()) {
            problem(field, "UnsupportedValue", "a rule with RequestRedirect must have no backendRefs (the redirect"
                    + " answers the request): remove them, or the redirect");
        }
        if (invalid || filters == null) {
            return Optional.empty();
        }
        return Optional.of(new HttpRouteRules.CompiledRule(matches, filters, backends));
    }

    private RouteMatch match(HTTPRouteMatch spec, String at) {
        String type = spec.getPath() == null || spec.getPath().getType() == null ? RouteMatch.PATH_PREFIX
                : spec.getPath().getType();
        String value = spec.getPath() == null || spec.getPath().getValue() == null ? "/" : spec.getPath().getValue();
        Pattern pathRegex = null;
        switch (type) {
            case RouteMatch.EXACT, RouteMatch.PATH_PREFIX -> {
                String problem = pathProblem(value);
                if (problem != null) {
                    problem(at + ".path.value", "UnsupportedValue", "path " + value + " " + problem);
                    return null;
                }
            }
            case RouteMatch.REGULAR_EXPRESSION -> {
                pathRegex = regex(value, at + ".path.value");
                if (pathRegex == null) {
                    return null;
                }
            }
            default -> {
                problem(at + ".path.type", "UnsupportedValue", "path type " + type + " is not one of Exact,"
                        + " PathPrefix, RegularExpression");
                return null;
            }
        }
        List<FieldMatch> headers = fields(spec.getHeaders() == null ? List.of() : spec.getHeaders().stream()
                .map(h -> new String[] {h.getName(), h.getType(), h.getValue()}).toList(), at + ".headers", true);
        List<FieldMatch> query = fields(spec.getQueryParams() == null ? List.of() : spec.getQueryParams().stream()
                .map(q -> new String[] {q.getName(), q.getType(), q.getValue()}).toList(), at + ".queryParams",
                false);
        if (headers == null || query == null) {
            return null;
        }
        return new RouteMatch(type, value, pathRegex, headers, query, spec.getMethod(), null);
    }

    /**
     * Header or query conditions: Exact or RegularExpression; of several entries for one name only the first counts
     * (§9.2; header names case-insensitive). Null when one is invalid.
     */
    private List<FieldMatch> fields(List<String[]> specs, String at, boolean caseInsensitiveNames) {
        List<FieldMatch> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String[] spec = specs.get(i);
            String name = spec[0] == null ? "" : spec[0];
            String type = spec[1] == null ? "Exact" : spec[1];
            String value = spec[2] == null ? "" : spec[2];
            if (!seen.add(caseInsensitiveNames ? name.toLowerCase(Locale.ROOT) : name)) {
                continue; // the first entry for a name wins
            }
            if (type.equals("Exact")) {
                result.add(FieldMatch.exact(name, value));
            } else if (type.equals("RegularExpression")) {
                Pattern pattern = regex(value, at + "[" + i + "].value");
                if (pattern == null) {
                    return null;
                }
                result.add(new FieldMatch(name, value, pattern));
            } else {
                problem(at + "[" + i + "].type", "UnsupportedValue", "match type " + type + " is not one of Exact,"
                        + " RegularExpression");
                return null;
            }
        }
        return result;
    }

    /** A regular expression bounded by {@link RegexBounds} and compiled with RE2/J; null (reported) when refused. */
    private Pattern regex(String value, String at) {
        RegexBounds.Measure measure = RegexBounds.measure(value);
        if (!measure.accepted()) {
            problem(at, "UnsupportedValue", "regular expression " + value + ": " + measure.problem());
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException | StackOverflowError e) {
            problem(at, "UnsupportedValue", "regular expression " + value + " is not valid RE2 syntax: "
                    + (e instanceof PatternSyntaxException p ? p.getDescription() : "it nests too deeply"));
            return null;
        }
    }

    /** Why an Exact or PathPrefix value is refused (§9.1), or null. */
    static String pathProblem(String value) {
        if (!value.startsWith("/")) {
            return "must start with /";
        }
        for (String bad : List.of("//", "/./", "/../", "%2f", "%2F", "#")) {
            if (value.contains(bad)) {
                return "must not contain " + bad;
            }
        }
        if (value.endsWith("/..") || value.endsWith("/.")) {
            return "must not end in /.. or /.";
        }
        return null;
    }

    /** The rule's filters in order; null (reported) when one is invalid. */
    private RouteFilters filters(HTTPRouteRule rule, List<HTTPRouteMatch> matches) {
        List<HTTPRouteFilter> specs = rule.getFilters() == null ? List.of() : rule.getFilters();
        List<RouteFilters.Filter> filters = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (int f = 0; f < specs.size(); f++) {
            HTTPRouteFilter spec = specs.get(f);
            String at = field + ".filters[" + f + "]";
            String type = spec.getType() == null ? "" : spec.getType();
            if (!FilterSupport.APPLIED.contains(type)) {
                // not applied, not skipped: the rule answers 500 (ExtensionRef may repeat, so no twice check)
                FilterSupport.Unapplied unapplied = FilterSupport.ofFilter(spec, at).orElseThrow();
                compilation.warn(route, unapplied.field(), unapplied.reason(), unapplied.message());
                filters.add(new RouteFilters.Unapplied(type, at, unapplied.message()));
                continue;
            }
            if (!types.add(type)) {
                problem(at + ".type", "UnsupportedValue", "filter " + type + " appears twice in this rule: merge"
                        + " them into one");
                return null;
            }
            RouteFilters.Filter filter = switch (type) {
                case "RequestHeaderModifier" -> headerModifier(spec.getRequestHeaderModifier(), false,
                        at + ".requestHeaderModifier");
                case "ResponseHeaderModifier" -> headerModifier(spec.getResponseHeaderModifier(), true,
                        at + ".responseHeaderModifier");
                case "RequestRedirect" -> redirect(spec, at, matches);
                case "URLRewrite" -> rewrite(spec, at, matches);
                default -> throw new IllegalStateException("not an applied filter type: " + type);
            };
            if (filter == null) {
                return null;
            }
            filters.add(filter);
        }
        if (types.contains("RequestRedirect") && types.contains("URLRewrite")) {
            problem(field + ".filters", "UnsupportedValue", "RequestRedirect and URLRewrite cannot be combined in"
                    + " one rule: keep one");
            return null;
        }
        return new RouteFilters(filters);
    }

    private RouteFilters.Filter headerModifier(HTTPHeaderFilter spec, boolean response, String at) {
        if (spec == null) {
            problem(at, "UnsupportedValue", "the filter's type needs its field " + at.substring(at.lastIndexOf('.')
                    + 1));
            return null;
        }
        List<RouteFilters.Header> set = headers(spec.getSet());
        List<RouteFilters.Header> add = headers(spec.getAdd());
        List<String> remove = spec.getRemove() == null ? List.of() : List.copyOf(spec.getRemove());
        for (RouteFilters.Header header : concat(set, add)) {
            String problem = fieldProblem(header.name(), header.value());
            if (problem != null) {
                problem(at, "UnsupportedValue", problem);
                return null;
            }
        }
        for (String name : remove) {
            if (!isToken(name)) {
                problem(at + ".remove", "UnsupportedValue", "header name \"" + printable(name) + "\" is not an"
                        + " HTTP field name (RFC 9110 §5.1: letters, digits and !#$%&'*+-.^_`|~)");
                return null;
            }
        }
        String owned = ownedFieldProblem(set, add, remove, response);
        if (owned != null) {
            problem(at, "UnsupportedValue", owned);
            return null;
        }
        Set<String> names = new HashSet<>();
        List<String> all = new ArrayList<>();
        set.forEach(h -> all.add(h.name()));
        add.forEach(h -> all.add(h.name()));
        all.addAll(remove);
        for (String name : all) {
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                problem(at, "UnsupportedValue", "header " + name + " is named twice: one action per header name"
                        + " (set, add or remove)");
                return null;
            }
        }
        return new RouteFilters.HeaderModifier(response, set, add, remove);
    }

    /** The first field a modifier may not touch ({@link ProxyOwnedFields}), in words; null when there is none. */
    private static String ownedFieldProblem(List<RouteFilters.Header> set, List<RouteFilters.Header> add,
                                            List<String> remove, boolean response) {
        for (RouteFilters.Header header : set) {
            String problem = ProxyOwnedFields.problem(header.name(), response, "set");
            if (problem != null) {
                return problem;
            }
        }
        for (RouteFilters.Header header : add) {
            String problem = ProxyOwnedFields.problem(header.name(), response, "add");
            if (problem != null) {
                return problem;
            }
        }
        for (String name : remove) {
            String problem = ProxyOwnedFields.problem(name, response, "remove");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static List<RouteFilters.Header> concat(List<RouteFilters.Header> a, List<RouteFilters.Header> b) {
        List<RouteFilters.Header> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Why a header a filter writes cannot be sent, or null: the name must be an RFC 9110 §5.1 token and the value
     * hold no CR, LF or NUL (§5.5), else it would end the field and inject others into the forwarded head.
     */
    static String fieldProblem(String name, String value) {
        if (!isToken(name)) {
            return "header name \"" + printable(name) + "\" is not an HTTP field name (RFC 9110 §5.1: letters,"
                    + " digits and !#$%&'*+-.^_`|~)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return "the value of header " + name + " holds a line break or NUL (RFC 9110 §5.5): remove it";
            }
        }
        return null;
    }

    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A hostname a redirect or rewrite may send: a DNS name (RFC 1123 labels), or null when it is one. */
    static String hostnameProblem(String hostname) {
        if (hostname == null) {
            return null;
        }
        if (hostname.isEmpty() || hostname.length() > 253 || !hostname.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                + "[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
            return "hostname \"" + printable(hostname) + "\" is not a DNS name (RFC 1123: letters, digits, '-'"
                    + " and dots)";
        }
        return null;
    }

    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String text) {
        return dev.ingresslab.route.UntrustedText.printable(text);
    }

    private static List<RouteFilters.Header> headers(List<HTTPHeader> specs) {
        return specs == null ? List.of() : specs.stream()
                .map(h -> new RouteFilters.Header(h.getName() == null ? "" : h.getName(),
                        h.getValue() == null ? "" : h.getValue())).toList();
    }

    private RouteFilters.Filter redirect(HTTPRouteFilter spec, String at, List<HTTPRouteMatch> matches) {
        var redirect = spec.getRequestRedirect();
        if (redirect == null) {
            problem(at, "UnsupportedValue", "a RequestRedirect filter needs its field requestRedirect");
            return null;
        }
        int status = redirect.getStatusCode() == null ? 302 : redirect.getStatusCode();
        if (!List.of(301, 302, 303, 307, 308).contains(status)) {
            problem(at + ".requestRedirect.statusCode", "UnsupportedValue", "statusCode " + status
                    + " is not one of 301, 302, 303, 307, 308");
            return null;
        }
        String scheme = redirect.getScheme();
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            problem(at + ".requestRedirect.scheme", "UnsupportedValue", "scheme " + scheme + " is not http or"
                    + " https");
            return null;
        }
        String hostnameProblem = hostnameProblem(redirect.getHostname());
        if (hostnameProblem != null) {
            problem(at + ".requestRedirect.hostname", "UnsupportedValue", hostnameProblem);
            return null;
        }
        Integer port = redirect.getPort();
        if (port != null && (port < 1 || port > 65535)) {
            problem(at + ".requestRedirect.port", "UnsupportedValue", "port " + port + " is not from 1 to 65535");
            return null;
        }
        RouteFilters.PathModifier path = pathModifier(redirect.getPath(), at + ".requestRedirect.path", matches);
        if (invalid) {
            return null;
        }
        return new RouteFilters.RequestRedirect(scheme, redirect.getHostname(), redirect.getPort(), path, status);
    }

    private RouteFilters.Filter rewrite(HTTPRouteFilter spec, String at, List<HTTPRouteMatch> matches) {
        var rewrite = spec.getUrlRewrite();
        if (rewrite == null) {
            problem(at, "UnsupportedValue", "a URLRewrite filter needs its field urlRewrite");
            return null;
        }
        String hostnameProblem = hostnameProblem(rewrite.getHostname());
        if (hostnameProblem != null) {
            problem(at + ".urlRewrite.hostname", "UnsupportedValue", hostnameProblem);
            return null;
        }
        RouteFilters.PathModifier path = pathModifier(rewrite.getPath(), at + ".urlRewrite.path", matches);
        if (invalid) {
            return null;
        }
        return new RouteFilters.UrlRewrite(rewrite.getHostname(), path);
    }

    /**
     * A path modifier; ReplacePrefixMatch needs the rule's one match to be a PathPrefix (Gateway API v1 {@code
     * HTTPPathModifier}: "only compatible with a PathPrefix HTTPRouteMatch"). Null when there is none or it is invalid
     * (then {@link #invalid} is set).
     */
    private RouteFilters.PathModifier pathModifier(HTTPPathModifier spec, String at, List<HTTPRouteMatch> matches) {
        if (spec == null) {
            return null;
        }
        String value = spec.getReplaceFullPath() != null ? spec.getReplaceFullPath() : spec.getReplacePrefixMatch();
        boolean emptyPrefix = value != null && value.isEmpty() && spec.getReplaceFullPath() == null;
        if (value != null && !emptyPrefix && (!value.startsWith("/") || !printableAscii(value))) {
            problem(at, "UnsupportedValue", "path " + printable(value) + " must start with / and hold only visible"
                    + " ASCII (escape the rest, RFC 3986)");
            return null;
        }
        if ("ReplaceFullPath".equals(spec.getType()) && spec.getReplaceFullPath() != null) {
            return new RouteFilters.PathModifier(true, spec.getReplaceFullPath());
        }
        if ("ReplacePrefixMatch".equals(spec.getType()) && spec.getReplacePrefixMatch() != null) {
            boolean onePrefix = matches.size() == 1 && (matches.get(0).getPath() == null
                    || matches.get(0).getPath().getType() == null
                    || RouteMatch.PATH_PREFIX.equals(matches.get(0).getPath().getType()));
            if (!onePrefix) {
                problem(at, "UnsupportedValue", "ReplacePrefixMatch needs exactly one match, of type PathPrefix, in"
                        + " its rule: split the rule, or use ReplaceFullPath");
                return null;
            }
            return new RouteFilters.PathModifier(false, spec.getReplacePrefixMatch());
        }
        problem(at, "UnsupportedValue", "a path modifier is type ReplaceFullPath with replaceFullPath, or type"
                + " ReplacePrefixMatch with replacePrefixMatch");
        return null;
    }

    private void problem(String at, String reason, String message) {
        invalid = true;
        compilation.warn(route, at, reason, message + " (rule " + ruleIndex + " is not served)");
    }
}
