package dev.ingresslab.route;

import com.google.re2j.Matcher;

import java.util.List;
import java.util.random.RandomGenerator;

/** Builds the {@link Decision} for each way a match can end; the rewrite and canary rules live here. */
final class Decisions {

    private Decisions() {
    }

    /** A request an HTTPRoute rule took: {@link HttpRouteDecisions}. */
    static Decision httpRoute(Route route, RequestView request, String host, NormalizedTarget target,
                              RandomGenerator random) {
        return HttpRouteDecisions.decide(route, request, host, target, random);
    }

    static Decision badRequest(String reason) {
        return new Decision(Outcome.BAD_REQUEST, 400, null, null, false, null, null, null, reason, List.of(),
                List.of());
    }

    static Decision notFound(String host, String path) {
        String where = host.isEmpty() ? "a request without Host" : "host " + host;
        return new Decision(Outcome.NOT_FOUND, 404, null, null, false, path, null, null,
                "no rule matches " + where + " path " + path + ", and no defaultBackend applies", List.of(),
                List.of());
    }

    static Decision appRootRedirect(RequestView request, String path, VirtualHost.AppRoot appRoot) {
        String location = request.scheme() + "://" + request.authority() + appRoot.path();
        return new Decision(Outcome.REDIRECT, 302, null, null, false, path, null, location,
                "app-root of " + appRoot.origin().objectName() + " redirects / to " + appRoot.path(), List.of(),
                List.of());
    }

    /**
     * The 308 to https, as ingress-nginx's {@code lua_ingress.lua} writes it: {@code https://} the request's host
     * without its port, the https port when it is not 443 (ingress-nginx adds it only with {@code
     * use-port-in-redirects}: Ingress Lab's https listener is often on 8443, where a Location without the port would
     * lead nowhere), then the request URI as received (path and query), one trailing {@code /} dropped unless {@code
     * preserve-trailing-slash}. A request-target that is not in origin form, or holds anything but visible ASCII, is
     * written normalised instead.
     *
     * @param route the route the request would have taken, or null for a path miss of the host (the root location)
     */
    static Decision sslRedirect(Route route, HttpsRedirect redirect, VirtualHost host, String hostName, int httpsPort,
                                RequestView request, NormalizedTarget target) {
        String uri = request.target();
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/' || !visibleAscii(uri)) {
            uri = target.withQuery(target.path());
        }
        if (!redirect.preserveTrailingSlash() && uri.endsWith("/")) {
            uri = uri.substring(0, uri.length() - 1);
        }
        String name = hostName.indexOf(':') >= 0 && hostName.charAt(0) != '[' ? "[" + hostName + "]" : hostName;
        String authority = httpsPort == 443 && !redirect.usePortInRedirects() ? name : name + ":" + httpsPort;
        String location = "https://" + authority + uri;
        String who = route != null && !route.isDefaultBackend() ? route.origin().objectName()
                : host != null && host.owner() != null ? host.owner().objectName() : "the host's Ingress";
        String reason = redirect.force()
                ? "force-ssl-redirect of " + who + " redirects plain HTTP to https"
                : "a TLS certificate is configured for " + hostName + " (spec.tls), so plain HTTP is redirected to"
                + " https (ingress-nginx's ssl-redirect, on by default; ssl-redirect: \"false\" on " + who
                + " serves it)";
        return new Decision(Outcome.REDIRECT, 308, route, route == null ? null : route.backend(), false, target.path(),
                null, location, reason, List.of(), List.of());
    }

    private static boolean visibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    static Decision forward(Route route, RequestView request, NormalizedTarget target, RandomGenerator random) {
        Backend backend = route.backend();
        boolean canary = route.canary() != null && route.canary().takes(request, random);
        if (canary) {
            backend = route.canary().backend();
        }
        if (!backend.state().servable()) {
            return new Decision(Outcome.NO_ENDPOINTS, 503, route, backend, canary, target.path(), null, null,
                    backend.problem(), List.of(), List.of());
        }
        return new Decision(Outcome.ROUTED, 200, route, backend, canary, target.path(),
                upstreamTarget(route, target), null, "routed", List.of(), List.of());
    }

    /**
     * The request-target the backend receives: the normalised path with the query, or, with rewrite-target,
     * the target with {@code $1..$9} replaced by the path regex's groups (§6.1). When the target has a query
     * of its own, the request's query follows it after {@code &}, as nginx's {@code rewrite} does.
     */
    static String upstreamTarget(Route route, NormalizedTarget target) {
        if (route.rewriteTarget() == null || route.path() == null) {
            return target.withQuery(target.path());
        }
        Matcher groups = route.path().regexMatch(target.path());
        String rewritten = substituteGroups(route.rewriteTarget(), groups);
        if (rewritten.isEmpty() || rewritten.charAt(0) != '/') {
            rewritten = "/" + rewritten;
        }
        int query = rewritten.indexOf('?');
        if (query < 0) {
            return target.withQuery(rewritten);
        }
        return target.query() == null ? rewritten : rewritten + "&" + target.query();
    }

    /** Replaces {@code $1}..{@code $9}; a group that did not take part, or does not exist, becomes empty. */
    static String substituteGroups(String template, Matcher groups) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && template.charAt(i + 1) >= '0'
                    && template.charAt(i + 1) <= '9') {
                int group = template.charAt(++i) - '0';
                if (groups != null && group <= groups.groupCount()) {
                    String value = groups.group(group);
                    out.append(value == null ? "" : value);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
