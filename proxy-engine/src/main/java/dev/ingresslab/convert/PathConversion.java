package dev.ingresslab.convert;

import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.PathType;
import dev.ingresslab.route.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one compiled Ingress path (and its {@code rewrite-target}) becomes an HTTPRoute path match and URLRewrite
 * filter. The rules, by the Gateway API's {@code HTTPPathMatch} and {@code HTTPURLRewriteFilter}
 * ({@code apis/v1/httproute_types.go}) and ingress-semantics.md §3, §6.1, §6.2, §9:
 * <ul>
 *   <li>{@code Prefix} → {@code PathPrefix} (both element-wise, trailing slash ignored); {@code Exact} →
 *   {@code Exact}; {@code ImplementationSpecific} → {@code PathPrefix}, as Ingress Lab reads it (§11.4), with a
 *   note.</li>
 *   <li>A path of a host in ingress-nginx's regex mode is matched as {@code ^path}, case-insensitively: it becomes a
 *   {@code RegularExpression} {@code (?i)path.*}, which means the same whether an implementation matches the whole
 *   path (Envoy) or a prefix of it.</li>
 *   <li>{@code rewrite-target}: the usual "strip a prefix" form, path {@code /p(/|$)(.*)} with target {@code
 *   /q/$2} ({@code /q/} may be {@code /}), is a {@code PathPrefix /p} with {@code ReplacePrefixMatch /q/}, and an
 *   {@code Exact /p} with {@code ReplaceFullPath /q/} (ingress-nginx sends {@code /q/} for {@code /p}; the
 *   specification's ReplacePrefixMatch table drops the replacement's trailing {@code /} there); a target without
 *   captures nor query is {@code ReplaceFullPath}. Other targets use capture groups, which URLRewrite has not:
 *   listed.</li>
 * </ul>
 */
final class PathConversion {

    /**
     * {@code /p(/|$)(.*)}: a literal prefix (no {@code .}, which a regex reads as any character), then ingress-nginx's
     * docs' "slash or end, then the rest".
     */
    private static final Pattern STRIP_PREFIX = Pattern.compile("(/[A-Za-z0-9_~-]+(?:/[A-Za-z0-9_~-]+)*)"
            + Pattern.quote("(/|$)(.*)"));
    /** {@code /q/$2}: a literal path ending in {@code /}, then the second group. */
    private static final Pattern PREFIX_TARGET = Pattern.compile("(/(?:[A-Za-z0-9._~-]+/)*)\\$2");

    /**
     * One way a path is matched, and the URLRewrite that goes with it.
     *
     * @param path    the match
     * @param filters the URLRewrite filter, if any
     */
    record Alternative(HTTPPathMatch path, List<HTTPRouteFilter> filters) {
    }

    /**
     * The result for one path.
     *
     * @param alternatives the matches that together route as the path did, most specific first; empty when the path
     *                     cannot be expressed (then {@code notes} says why)
     * @param notes        what changes or is lost, for the untranslatable list: {@code [why, todo]} pairs
     */
    record Result(List<Alternative> alternatives, List<String[]> notes) {
    }

    private PathConversion() {
    }

    static Result convert(Route route) {
        PathMatch match = route.path();
        List<String[]> notes = new ArrayList<>();
        if (match.mode() != PathMatch.Mode.REGEX) {
            String refused = gatewayPathProblem(match.path());
            if (refused != null) {
                notes.add(new String[] {"the path " + match.path() + " " + refused + ", which a Gateway API "
                        + (match.mode() == PathMatch.Mode.EXACT ? "Exact" : "PathPrefix") + " path must not",
                        "write the path without it; this path is not converted"});
                return new Result(List.of(), notes);
            }
            if (match.declared() == PathType.IMPLEMENTATION_SPECIFIC) {
                notes.add(new String[] {"pathType ImplementationSpecific " + match.path() + " is converted to"
                        + " PathPrefix, which is how Ingress Lab reads it (ingress-nginx too, outside regex mode)",
                        "nothing to do if the Ingress behaved as a Prefix path; else give the Exact path"});
            }
            String type = match.mode() == PathMatch.Mode.EXACT ? "Exact" : "PathPrefix";
            return new Result(List.of(new Alternative(pathMatch(type, match.path()), List.of())), notes);
        }
        String rewrite = route.rewriteTarget();
        List<HTTPRouteFilter> filters = new ArrayList<>();
        if (rewrite != null) {
            Matcher prefix = STRIP_PREFIX.matcher(match.path());
            Matcher target = PREFIX_TARGET.matcher(rewrite);
            if (prefix.matches() && target.matches()) {
                String from = prefix.group(1);
                String to = target.group(1);
                notes.add(new String[] {"the regex path " + match.path() + " with rewrite-target " + rewrite
                        + " becomes PathPrefix " + from + " with ReplacePrefixMatch " + to
                        + (to.equals("/") ? "" : " (and Exact " + from + " with ReplaceFullPath " + to + ", since"
                        + " ingress-nginx sends " + to + " for " + from + " where ReplacePrefixMatch drops the"
                        + " trailing /)") + ": the same paths, except that ingress-nginx matches regex paths"
                        + " case-insensitively and PathPrefix is case-sensitive", "if clients send other cases of"
                        + " the path, add those paths too"});
                List<Alternative> alternatives = new ArrayList<>();
                if (!to.equals("/")) {
                    alternatives.add(new Alternative(pathMatch("Exact", from),
                            List.of(urlRewrite("ReplaceFullPath", to))));
                }
                alternatives.add(new Alternative(pathMatch("PathPrefix", from),
                        List.of(urlRewrite("ReplacePrefixMatch", to))));
                return new Result(alternatives, notes);
            }
            if (rewrite.indexOf('$') < 0 && rewrite.indexOf('?') < 0) {
                filters.add(urlRewrite("ReplaceFullPath", rewrite));
            } else {
                notes.add(new String[] {"rewrite-target " + rewrite + " uses capture groups or a query, which"
                        + " URLRewrite cannot express (it replaces the full path, or a PathPrefix match, with"
                        + " fixed text); the path is converted without the rewrite, so the backend receives the"
                        + " request's own path", "write the path as /prefix(/|$)(.*) with rewrite-target"
                        + " /new-prefix/$2, which converts to ReplacePrefixMatch, or rewrite in the backend"});
            }
        }
        return new Result(List.of(new Alternative(pathMatch("RegularExpression", "(?i)" + match.path() + ".*"),
                filters)), notes);
    }

    /**
     * What makes a path invalid as a Gateway API Exact or PathPrefix value ({@code HTTPPathMatch} validation:
     * no {@code //}, {@code /./}, {@code /../}, {@code %2f}, {@code #}, nor a trailing {@code /..} or {@code /.}),
     * or null when it is valid.
     */
    static String gatewayPathProblem(String path) {
        if (!path.startsWith("/")) {
            return "does not start with /";
        }
        for (String bad : new String[] {"//", "/./", "/../", "%2f", "%2F", "#"}) {
            if (path.contains(bad)) {
                return "contains " + bad;
            }
        }
        if (path.endsWith("/..") || path.endsWith("/.")) {
            return "ends in " + path.substring(path.lastIndexOf('/'));
        }
        return null;
    }

    static HTTPPathMatch pathMatch(String type, String value) {
        HTTPPathMatch match = new HTTPPathMatch();
        match.setType(type);
        match.setValue(value);
        return match;
    }

    private static HTTPRouteFilter urlRewrite(String type, String value) {
        HTTPRouteFilterBuilder filter = new HTTPRouteFilterBuilder().withType("URLRewrite");
        return "ReplaceFullPath".equals(type)
                ? filter.withNewUrlRewrite().withNewPath().withType(type).withReplaceFullPath(value).endPath()
                .endUrlRewrite().build()
                : filter.withNewUrlRewrite().withNewPath().withType(type).withReplacePrefixMatch(value).endPath()
                .endUrlRewrite().build();
    }
}
