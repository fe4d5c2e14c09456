package dev.ingresslab.convert;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Canary;
import dev.ingresslab.route.Conflict;
import dev.ingresslab.route.HttpsRedirect;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.route.VirtualHost;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** One conversion ({@link IngressToGateway#convert}): reads the compiled table and the input, writes the objects. */
final class ConversionRun {

    /** The annotation on each HTTPRoute naming the Ingress it was converted from. */
    static final String CONVERTED_FROM = GatewayConversion.CONVERTED_FROM;
    private static final String NGINX = "nginx.ingress.kubernetes.io/";
    /** The ingress-nginx annotations the conversion carries, or lists where their effect cannot be carried. */
    private static final Set<String> HANDLED = Set.of("rewrite-target", "use-regex", "ssl-redirect",
            "force-ssl-redirect", "preserve-trailing-slash", "use-port-in-redirects", "app-root", "canary",
            "canary-by-header", "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie",
            "canary-weight", "canary-weight-total");

    private final TranslationInput input;
    private final RouteTable table;
    private final int httpsPort;
    private final List<Untranslatable> lost = new ArrayList<>();
    private final Map<String, Ingress> ingresses = new LinkedHashMap<>();
    /** HTTPS listener names by the host they serve. */
    private final Map<String, String> httpsListeners = new TreeMap<>();
    private String gatewayNamespace;
    private String gatewayWrittenNamespace;

    ConversionRun(TranslationInput input, RouteTable table, int httpsPort) {
        this.input = input;
        this.table = table;
        this.httpsPort = httpsPort;
    }

    /** An Ingress, a host, and what of it goes into one HTTPRoute. */
    private static final class Part {
        final String host;
        final VirtualHost group;
        final List<Route> routes = new ArrayList<>();
        Route fallback;
        VirtualHost.AppRoot appRoot;

        Part(String host, VirtualHost group) {
            this.host = host;
            this.group = group;
        }
    }

    /** A rule before it is placed: its matches, where it goes, and whether plain HTTP redirects it to https. */
    private record Draft(List<HTTPRouteMatch> matches, List<HTTPBackendRef> backends, List<HTTPRouteFilter> filters,
                         boolean redirectable, boolean redirectOnly) {
        Draft(List<HTTPRouteMatch> matches, List<HTTPBackendRef> backends, List<HTTPRouteFilter> filters,
              boolean redirectable) {
            this(matches, backends, filters, redirectable, false);
        }
    }

    GatewayConversion run() {
        Set<String> ignored = new LinkedHashSet<>();
        for (IgnoredIngress ignoredIngress : table.ignored()) {
            ignored.add(ignoredIngress.objectName());
            note(ignoredIngress.objectName(), "", "not converted: Ingress Lab does not serve it ("
                    + ignoredIngress.reason() + ")", "fix or drop it on the Ingress side first; nothing of it is in"
                    + " the output");
        }
        for (Ingress ingress : input.ingresses()) {
            String name = objectName(ingress);
            if (!ignored.contains(name)) {
                ingresses.putIfAbsent(name, ingress);
            }
        }
        ingresses.forEach(this::checkAnnotations);
        chooseGatewayNamespace();
        List<ReferenceGrant> grants = new ArrayList<>();
        Gateway gateway = gateway(grants);
        for (Conflict conflict : table.conflicts()) {
            Origin loser = conflict.loser().origin();
            note(loser.objectName(), field(loser), "not converted: on Ingress it never receives traffic, having lost"
                    + " to " + conflict.winner().origin().display() + " (" + conflict.reason() + "); a Gateway"
                    + " breaks such ties by age and name, and could pick it", "remove the duplicate path from one"
                    + " of the Ingresses");
        }
        List<HTTPRoute> routes = new ArrayList<>();
        parts().forEach((object, parts) -> parts.values().forEach(part ->
                routes.addAll(httpRoutes(object, part, parts.size() == 1))));
        catchAll().ifPresent(routes::add);
        return new GatewayConversion(gateway, routes, grants, lost);
    }

    // ---- annotations --------------------------------------------------------------------------------------------

    private void checkAnnotations(String object, Ingress ingress) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        if (annotations == null) {
            return;
        }
        new TreeMap<>(annotations).forEach((key, value) -> {
            if (!key.startsWith(NGINX) || HANDLED.contains(key.substring(NGINX.length()))) {
                return;
            }
            String field = "metadata.annotations[" + key + "]";
            if (key.equals(NGINX + "backend-protocol")) {
                if (!"HTTP".equalsIgnoreCase(value.trim())) {
                    note(object, field, "backend-protocol " + value + " is not converted: an HTTPRoute speaks HTTP"
                            + " to its backends", "for HTTPS backends add a BackendTLSPolicy, for gRPC a GRPCRoute,"
                            + " or set appProtocol on the Service port, as your Gateway implementation documents");
                }
                return;
            }
            note(object, field, "not converted: Ingress Lab does not read this annotation, so it cannot say what"
                    + " it would become", "find its Gateway API counterpart (a filter, or a policy of your"
                    + " implementation) and add it by hand");
        });
    }

    // ---- the Gateway --------------------------------------------------------------------------------------------

    private void chooseGatewayNamespace() {
        Set<String> written = new LinkedHashSet<>();
        Set<String> effective = new LinkedHashSet<>();
        for (Ingress ingress : ingresses.values()) {
            written.add(String.valueOf(ingress.getMetadata().getNamespace()));
            effective.add(namespaceOf(ingress));
        }
        gatewayNamespace = effective.size() == 1 ? effective.iterator().next() : "default";
        gatewayWrittenNamespace = written.size() == 1 && !written.contains("null") ? gatewayNamespace
                : written.size() == 1 ? null : "default";
    }

    private Gateway gateway(List<ReferenceGrant> grants) {
        boolean sameNamespace = ingresses.values().stream().map(ConversionRun::namespaceOf).distinct().count() <= 1;
        String from = sameNamespace ? "Same" : "All";
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new ListenerBuilder().withName(IngressToGateway.HTTP_LISTENER).withProtocol("HTTP")
                .withPort(IngressToGateway.HTTP_PORT).withNewAllowedRoutes().withNewNamespaces().withFrom(from)
                .endNamespaces().endAllowedRoutes().build());
        Map<String, Set<String>> grantedSecrets = new TreeMap<>();
        for (SecureVirtualHost secure : table.secureVirtualHosts()) {
            Origin origin = secure.origin();
            Ingress ingress = ingresses.get(origin.objectName());
            if (ingress == null) {
                continue;
            }
            List<IngressTLS> tls = ingress.getSpec().getTls();
            IngressTLS entry = tls != null && origin.ruleIndex() >= 0 && origin.ruleIndex() < tls.size()
                    ? tls.get(origin.ruleIndex()) : null;
            String secret = entry == null ? null : entry.getSecretName();
            String field = "spec.tls[" + origin.ruleIndex() + "]";
            if (secret == null || secret.isEmpty()) {
                note(origin.objectName(), field, "the TLS host " + secure.host() + " names no secretName: Ingress Lab"
                        + " serves it with its fallback certificate, but a Gateway HTTPS listener needs a"
                        + " certificateRef, so it has no HTTPS listener", "create a TLS Secret for the host and"
                        + " name it in secretName");
                continue;
            }
            String listenerName = GatewayNames.join("https", GatewayNames.ofHost(secure.host()));
            String secretNamespace = origin.namespace();
            boolean crossNamespace = !secretNamespace.equals(gatewayNamespace);
            if (crossNamespace) {
                grantedSecrets.computeIfAbsent(secretNamespace, n -> new LinkedHashSet<>()).add(secret);
            }
            listeners.add(new ListenerBuilder().withName(listenerName).withProtocol("HTTPS").withPort(httpsPort)
                    .withHostname(secure.host()).withNewTls().withMode("Terminate").addNewCertificateRef()
                    .withKind("Secret").withName(secret).withNamespace(crossNamespace ? secretNamespace : null)
                    .endCertificateRef().endTls().withNewAllowedRoutes().withNewNamespaces().withFrom(from)
                    .endNamespaces().endAllowedRoutes().build());
            httpsListeners.put(secure.host(), listenerName);
        }
        grantedSecrets.forEach((namespace, secrets) -> {
            ReferenceGrantBuilder grant = new ReferenceGrantBuilder().withNewMetadata()
                    .withName(GatewayNames.join(IngressToGateway.GATEWAY_NAME, "tls-secrets"))
                    .withNamespace(namespace).endMetadata().withNewSpec().addNewFrom()
                    .withGroup("gateway.networking.k8s.io").withKind("Gateway").withNamespace(gatewayNamespace)
                    .endFrom().endSpec();
            ReferenceGrantBuilder withTargets = grant;
            for (String secret : secrets) {
                withTargets = withTargets.editSpec().addNewTo().withGroup("").withKind("Secret").withName(secret)
                        .endTo().endSpec();
            }
            grants.add(withTargets.build());
        });
        return new GatewayBuilder().withNewMetadata().withName(IngressToGateway.GATEWAY_NAME)
                .withNamespace(gatewayWrittenNamespace).endMetadata().withNewSpec()
                .withGatewayClassName(dev.ingresslab.translate.TranslatorSettings.CLASS_NAME)
                .withListeners(listeners).endSpec().build();
    }

    // ---- grouping routes by Ingress and host --------------------------------------------------------------------

    /** What goes into HTTPRoutes: by Ingress (in input order), then by host (in the order rules name them). */
    private Map<String, Map<String, Part>> parts() {
        Map<String, Map<String, Part>> parts = new LinkedHashMap<>();
        ingresses.keySet().forEach(name -> parts.put(name, new LinkedHashMap<>()));
        List<VirtualHost> groups = new ArrayList<>(table.virtualHosts());
        groups.sort(Comparator.comparing(g -> g.routes().isEmpty() ? Integer.MAX_VALUE
                : g.routes().stream().mapToInt(r -> r.origin().ruleIndex()).min().orElse(0)));
        for (VirtualHost group : groups) {
            for (Route route : group.routes()) {
                part(parts, route.origin().objectName(), group).routes.add(route);
            }
            boolean coversAll = coversEveryPath(group);
            if (group.fallback() != null && !coversAll) {
                part(parts, group.fallback().origin().objectName(), group).fallback = group.fallback();
            }
            if (group.appRoot() != null) {
                part(parts, group.appRoot().origin().objectName(), group).appRoot = group.appRoot();
            }
            notesOnHost(group, coversAll);
        }
        parts.values().removeIf(Map::isEmpty);
        return parts;
    }

    private static Part part(Map<String, Map<String, Part>> parts, String object, VirtualHost group) {
        return parts.computeIfAbsent(object, o -> new LinkedHashMap<>())
                .computeIfAbsent(group.host(), h -> new Part(h, group));
    }

    private void notesOnHost(VirtualHost group, boolean coversAll) {
        Origin owner = group.owner();
        String object = owner != null ? owner.objectName()
                : group.routes().isEmpty() ? null : group.routes().get(0).origin().objectName();
        if (object == null) {
            return;
        }
        String field = owner != null && !owner.isDefaultBackend() ? "spec.rules[" + owner.ruleIndex() + "].host"
                : "spec.rules";
        String host = group.host();
        if (host.startsWith("*.")) {
            note(object, field, "the wildcard host " + host + " matches exactly one label on Ingress (a"
                    + host.substring(1) + ", not a.b" + host.substring(1) + "), any number of labels in a Gateway"
                    + " API hostname", "if deeper names must not reach this route, give them routes of their own");
        }
        boolean catchAllBeyond = table.catchAll() != null || (table.anyHost() != null && table.anyHost() != group);
        if (!host.isEmpty() && group.fallback() == null && !coversAll && catchAllBeyond) {
            note(object, field, "a request for " + host + " whose path matches none of its rules gets 404 on"
                    + " Ingress (no fall-through between hosts), but on a Gateway it matches the routes without"
                    + " hostnames (the catch-all)", "add a defaultBackend to the Ingress that declares " + host
                    + ", or a rule for /, so both answer alike");
        }
        if (group.regexMode() && group.routes().size() > 1) {
            note(object, field, "ingress-nginx tries the regex paths of " + (host.isEmpty() ? "*" : host)
                    + " longest first and takes the first match; the Gateway API leaves the precedence of"
                    + " RegularExpression matches to each implementation", "check the verification's requests for"
                    + " the paths that overlap");
        }
    }

    /** Whether a rule of the host matches every path ({@code Prefix /}, or regex {@code /}): no miss ever happens. */
    private static boolean coversEveryPath(VirtualHost group) {
        return group.routes().stream().anyMatch(route -> route.path() != null
                && ((route.path().mode() == PathMatch.Mode.PREFIX && route.path().key().isEmpty())
                || (route.path().mode() == PathMatch.Mode.REGEX && route.path().path().equals("/"))));
    }

    // ---- HTTPRoutes ---------------------------------------------------------------------------------------------

    private List<HTTPRoute> httpRoutes(String object, Part part, boolean onlyHost) {
        Ingress ingress = ingresses.get(object);
        if (ingress == null) {
            return List.of();
        }
        String name = onlyHost ? ingress.getMetadata().getName()
                : GatewayNames.join(ingress.getMetadata().getName(), GatewayNames.ofHost(part.host));
        List<Draft> drafts = new ArrayList<>();
        if (part.appRoot != null) {
            drafts.add(appRootDraft(object, part));
        }
        part.routes.sort(Comparator.comparing(Route::origin, Origin.PRECEDENCE));
        for (Route route : part.routes) {
            drafts.addAll(ruleDrafts(route));
        }
        if (part.fallback != null) {
            drafts.addAll(backendDrafts(part.fallback, List.of(PathConversion.pathMatch("PathPrefix", "/")),
                    List.of()));
        }
        if (drafts.isEmpty()) {
            return List.of();
        }
        HttpsRedirect redirect = !part.routes.isEmpty() ? part.routes.get(0).httpsRedirect()
                : part.group.rootRedirect();
        boolean redirected = table.httpsPort() > 0 && redirect.applies(part.group.secure());
        List<String> hostnames = part.host.isEmpty() ? List.of() : List.of(part.host);
        if (!redirected) {
            return List.of(httpRoute(ingress, name, hostnames, List.of(parentRef(ingress, null)), drafts, false));
        }
        if (redirectsMisses(object, part)) {
            // ingress-nginx redirects the host's path misses too (its root location carries the owner's ssl-redirect)
            drafts.add(new Draft(List.of(new HTTPRouteMatchBuilder().withPath(PathConversion.pathMatch("PathPrefix",
                    "/")).build()), List.of(), List.of(), true, true));
        }
        List<HTTPRoute> routes = new ArrayList<>();
        List<ParentReference> secure = httpsListenersFor(part.host).stream().map(l -> parentRef(ingress, l)).toList();
        if (secure.isEmpty()) {
            note(object, "metadata.annotations[" + NGINX + "force-ssl-redirect]", "plain HTTP to " + displayHost(
                    part.host) + " is redirected to https, but the host has no TLS entry, so the Gateway has no HTTPS"
                    + " listener to serve it on (Ingress Lab serves it with its fallback certificate)", "add a"
                    + " spec.tls entry with a Secret for the host");
        } else {
            routes.add(httpRoute(ingress, name, hostnames, secure, drafts, false));
        }
        routes.add(httpRoute(ingress, GatewayNames.join(name, "https-redirect"), hostnames,
                List.of(parentRef(ingress, IngressToGateway.HTTP_LISTENER)), drafts, true));
        if (!redirect.preserveTrailingSlash()) {
            note(object, "metadata.annotations[" + NGINX + "preserve-trailing-slash]", "ingress-nginx drops one"
                    + " trailing / from the https redirect's Location (/a/ goes to https://" + displayHost(part.host)
                    + "/a) unless preserve-trailing-slash is \"true\"; a RequestRedirect keeps the path as it is",
                    "set preserve-trailing-slash: \"true\" on the Ingress if the slash matters, or accept that it"
                    + " is kept");
        }
        if (redirect.usePortInRedirects() && httpsPort == 443) {
            note(object, "metadata.annotations[" + NGINX + "use-port-in-redirects]", "the Location names port 443"
                    + " on Ingress; a RequestRedirect to the scheme's own port leaves it out", "nothing to do:"
                    + " clients treat both alike");
        }
        return routes;
    }

    /**
     * Whether plain HTTP to the part's host is redirected to https on a path no rule matches (ingress-semantics.md
     * §6.3: the host's root location), and only this part, the host owner's, can say so: it has no rule that takes
     * the misses already (a defaultBackend, or a path that covers every path).
     */
    private boolean redirectsMisses(String object, Part part) {
        Origin owner = part.group.owner();
        return !part.host.isEmpty() && (owner == null || owner.objectName().equals(object)) && part.fallback == null
                && !coversEveryPath(part.group) && table.httpsPort() > 0
                && part.group.rootRedirect().applies(part.group.secure());
    }

    private HTTPRoute httpRoute(Ingress ingress, String name, List<String> hostnames, List<ParentReference> parents,
                                List<Draft> drafts, boolean asRedirects) {
        List<HTTPRouteRule> rules = new ArrayList<>();
        for (Draft draft : drafts) {
            if (draft.redirectOnly() && !asRedirects) {
                continue;
            }
            HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder().withMatches(draft.matches());
            if (asRedirects && draft.redirectable()) {
                HTTPRouteFilterBuilder filter = new HTTPRouteFilterBuilder().withType("RequestRedirect");
                filter.withNewRequestRedirect().withScheme("https").withStatusCode(308)
                        .withPort(httpsPort == 443 ? null : httpsPort).endRequestRedirect();
                rule.withFilters(filter.build());
            } else {
                rule.withFilters(draft.filters().isEmpty() ? null : draft.filters());
                rule.withBackendRefs(draft.backends().isEmpty() ? null : draft.backends());
            }
            rules.add(rule.build());
        }
        String object = namespaceOf(ingress) + "/" + ingress.getMetadata().getName();
        return new HTTPRouteBuilder().withNewMetadata().withName(name)
                .withNamespace(ingress.getMetadata().getNamespace())
                .addToAnnotations(CONVERTED_FROM, GatewayConversion.CONVERTED_FROM_KIND + object).endMetadata()
                .withNewSpec().withParentRefs(parents).withHostnames(hostnames.isEmpty() ? null : hostnames)
                .withRules(rules).endSpec().build();
    }

    private ParentReference parentRef(Ingress ingress, String sectionName) {
        return new ParentReferenceBuilder().withName(IngressToGateway.GATEWAY_NAME)
                .withNamespace(namespaceOf(ingress).equals(gatewayNamespace) ? null : gatewayNamespace)
                .withSectionName(sectionName).build();
    }

    /** The HTTPS listeners that serve a host: its own, or the wildcard one label up; all of them for any host. */
    private List<String> httpsListenersFor(String host) {
        if (host.isEmpty()) {
            return List.copyOf(httpsListeners.values());
        }
        List<String> names = new ArrayList<>();
        String own = httpsListeners.get(host);
        if (own != null) {
            names.add(own);
        }
        int dot = host.indexOf('.');
        if (!host.startsWith("*.") && dot > 0) {
            String wildcard = httpsListeners.get("*" + host.substring(dot));
            if (wildcard != null) {
                names.add(wildcard);
            }
        }
        return names;
    }

    private Draft appRootDraft(String object, Part part) {
        String path = part.appRoot.path();
        HTTPRouteFilterBuilder filter = new HTTPRouteFilterBuilder().withType("RequestRedirect");
        String replaced = path;
        int query = path.indexOf('?');
        if (query >= 0) {
            replaced = path.substring(0, query);
            note(object, "metadata.annotations[" + NGINX + "app-root]", "app-root " + path + " has a query, which a"
                    + " RequestRedirect cannot add: the redirect goes to " + replaced + " without it", "drop the"
                    + " query from app-root, or redirect in the backend");
        }
        filter.withNewRequestRedirect().withStatusCode(302).withNewPath().withType("ReplaceFullPath")
                .withReplaceFullPath(replaced).endPath().endRequestRedirect();
        HTTPRouteMatch match = new HTTPRouteMatchBuilder().withPath(PathConversion.pathMatch("Exact", "/")).build();
        return new Draft(List.of(match), List.of(), List.of(filter.build()), false);
    }

    /** The rules of one compiled path: the path, its rewrite, its backends and canary. */
    private List<Draft> ruleDrafts(Route route) {
        PathConversion.Result converted = PathConversion.convert(route);
        String object = route.origin().objectName();
        String field = field(route.origin());
        converted.notes().forEach(n -> note(object, field, n[0], n[1]));
        List<Draft> drafts = new ArrayList<>();
        for (PathConversion.Alternative alternative : converted.alternatives()) {
            drafts.addAll(backendDrafts(route, List.of(alternative.path()), alternative.filters()));
        }
        return drafts;
    }

    /**
     * The rules that send a path's requests to its backend, and to its canary (ingress-semantics.md §6.5): the
     * weights as backendRef weights; {@code canary-by-header} as rules matching the header ({@code always} → the
     * canary, {@code never} → the primary; or {@code canary-by-header-value} → the canary), which win over the
     * path's rule by the Gateway API's precedence (more header matches); the cookie cannot be matched: listed.
     */
    private List<Draft> backendDrafts(Route route, List<HTTPPathMatch> paths, List<HTTPRouteFilter> filters) {
        String object = route.origin().objectName();
        String field = field(route.origin());
        HTTPBackendRef primary = backendRef(object, field, route.backend(), null);
        if (primary == null) {
            return List.of();
        }
        List<Draft> drafts = new ArrayList<>();
        Canary canary = route.canary();
        if (canary == null) {
            drafts.add(new Draft(matches(paths, null, null), List.of(primary), filters, true));
            return drafts;
        }
        String canaryObject = canary.origin().objectName();
        String canaryField = field(canary.origin());
        HTTPBackendRef canaryRef = backendRef(canaryObject, canaryField, canary.backend(), null);
        if (canaryRef == null) {
            drafts.add(new Draft(matches(paths, null, null), List.of(primary), filters, true));
            return drafts;
        }
        String annotation = "metadata.annotations[" + NGINX;
        if (canary.header() != null) {
            if (canary.headerValue() != null) {
                drafts.add(new Draft(matches(paths, canary.header(), canary.headerValue()), List.of(canaryRef),
                        filters, true));
            } else if (canary.headerPattern() != null) {
                note(canaryObject, annotation + "canary-by-header-pattern]", "not converted: a header match by"
                        + " regular expression is implementation-specific in the Gateway API", "use"
                        + " canary-by-header-value (an Exact header match), or add a RegularExpression header match"
                        + " your implementation documents");
            } else {
                drafts.add(new Draft(matches(paths, canary.header(), "always"), List.of(canaryRef), filters, true));
                drafts.add(new Draft(matches(paths, canary.header(), "never"), List.of(primary), filters, true));
            }
        }
        if (canary.cookie() != null) {
            note(canaryObject, annotation + "canary-by-cookie]", "not converted: an HTTPRoute cannot match a cookie"
                    + " (its header matches compare the whole Cookie header)", "select the canary by a header"
                    + " (canary-by-header) instead");
        }
        List<HTTPBackendRef> weighted;
        if (canary.weight() == 0) {
            weighted = List.of(primary);
        } else if (canary.weight() >= canary.weightTotal()) {
            weighted = List.of(canaryRef);
        } else {
            weighted = List.of(backendRef(object, field, route.backend(), canary.weightTotal() - canary.weight()),
                    backendRef(canaryObject, canaryField, canary.backend(), canary.weight()));
        }
        drafts.add(new Draft(matches(paths, null, null), weighted, filters, true));
        return drafts;
    }

    private static List<HTTPRouteMatch> matches(List<HTTPPathMatch> paths, String header, String value) {
        return paths.stream().map(path -> {
            HTTPRouteMatchBuilder match = new HTTPRouteMatchBuilder().withPath(path);
            if (header != null) {
                match.withHeaders(new HTTPHeaderMatchBuilder().withType("Exact").withName(header).withValue(value)
                        .build());
            }
            return match.build();
        }).toList();
    }

    /**
     * A backendRef for a Service port: the number as written, or the number of the named port from the input's
     * Service; null (listed) when it cannot be given, since a backendRef to a Service needs a port number.
     */
    private HTTPBackendRef backendRef(String object, String field, Backend backend, Integer weight) {
        if (backend.state() == BackendState.UNSUPPORTED && backend.service().startsWith("(")) {
            note(object, field, "not converted: a resource backend has no Service to reference", "point the path"
                    + " at a Service");
            return null;
        }
        Integer port = portNumber(backend);
        if (port == null) {
            note(object, field, "not converted: the Service port is named " + backend.port() + ", and a Gateway API"
                    + " backendRef needs its number; the Service " + backend.namespace() + "/" + backend.service()
                    + " was not given or has no port of that name", "give the Service's manifest with -f, or write"
                    + " port.number in the Ingress");
            return null;
        }
        return new HTTPBackendRefBuilder().withName(backend.service()).withPort(port).withWeight(weight).build();
    }

    private Integer portNumber(Backend backend) {
        return new ServicePorts(input.services()).number(backend).orElse(null);
    }

    // ---- the catch-all ------------------------------------------------------------------------------------------

    private java.util.Optional<HTTPRoute> catchAll() {
        Route route = table.catchAll();
        if (route == null || (table.anyHost() != null && coversEveryPath(table.anyHost()))) {
            return java.util.Optional.empty();
        }
        Ingress ingress = ingresses.get(route.origin().objectName());
        if (ingress == null) {
            return java.util.Optional.empty();
        }
        List<Draft> drafts = backendDrafts(route, List.of(PathConversion.pathMatch("PathPrefix", "/")), List.of());
        if (drafts.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(httpRoute(ingress, GatewayNames.join(ingress.getMetadata().getName(),
                "default-backend"), List.of(), List.of(parentRef(ingress, null)), drafts, false));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void note(String object, String field, String why, String todo) {
        Untranslatable entry = new Untranslatable(object, field, why, todo);
        if (!lost.contains(entry)) {
            lost.add(entry);
        }
    }

    private static String field(Origin origin) {
        return origin.isDefaultBackend() ? "spec.defaultBackend"
                : "spec.rules[" + origin.ruleIndex() + "].http.paths[" + origin.pathIndex() + "]";
    }

    private static String displayHost(String host) {
        return host.isEmpty() ? "any host" : host;
    }

    private static String namespaceOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    private static String objectName(HasMetadata object) {
        return namespaceOf(object) + "/" + Objects.requireNonNullElse(object.getMetadata().getName(), "");
    }
}
