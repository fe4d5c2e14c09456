package dev.ingresslab.translate;

import dev.ingresslab.text.Spelling;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.ingresslab.translate.GatewayApiResults.ACCEPTED;
import static dev.ingresslab.translate.GatewayApiResults.RESOLVED_REFS;

/**
 * The Gateway API's HTTPRoutes (issue #19, ingress-semantics.md §9): attaches each to the listeners of our Gateways
 * its {@code parentRefs} select ({@code sectionName}, {@code port}), where the listener's {@code allowedRoutes} let it
 * and its hostnames intersect the listener's ({@link ListenerHostnames}); checks its {@code backendRefs} (kind
 * Service, a ReferenceGrant for another namespace, the Service's existence); and adds its rules to the table under
 * {@code Origin}s of kind {@code HTTPRoute} ({@link HttpRouteRules}). Runs after {@link GatewayProcessor}. Every
 * problem becomes a condition of the Route's parent status and a diagnostic at its field, never an exception.
 */
public final class HttpRouteProcessor implements RouteProcessor {

    static final String KIND = "HTTPRoute";

    @Override
    public String name() {
        return "httproute";
    }

    @Override
    public void process(Compilation compilation) {
        GatewayApiState state = compilation.gatewayApi();
        if (state.gateways().isEmpty() && !compilation.input().fromManifests()) {
            return;
        }
        ReferenceGrants grants = new ReferenceGrants(compilation.input().gatewayApi().referenceGrants());
        BackendResolver backends = new BackendResolver(compilation.input());
        List<HTTPRoute> routes = new ArrayList<>(compilation.input().gatewayApi().httpRoutes());
        routes.sort(Comparator.<HTTPRoute, java.time.Instant>comparing(Metadata::createdOf)
                .thenComparing(HttpRouteProcessor::objectName));
        HttpRouteRules rules = new HttpRouteRules(compilation, backends, grants);
        for (HTTPRoute route : routes) {
            attach(compilation, state, rules, route);
        }
    }

    private static void attach(Compilation compilation, GatewayApiState state, HttpRouteRules rules,
                               HTTPRoute route) {
        String namespace = Metadata.namespaceOf(route);
        List<ParentReference> parentRefs = route.getSpec() == null || route.getSpec().getParentRefs() == null
                ? List.of() : route.getSpec().getParentRefs();
        List<String> hostnames = route.getSpec() == null || route.getSpec().getHostnames() == null ? List.of()
                : route.getSpec().getHostnames();
        List<GatewayApiResults.RouteParentResult> parents = new ArrayList<>();
        // listener → the hostnames the Route is served under there
        Map<GatewayApiState.ListenerState, List<String>> attachments = new LinkedHashMap<>();
        HttpRouteRules.Resolution resolution = null;
        Optional<FilterSupport.Unapplied> unsupported = FilterSupport.of(route).stream()
                .filter(u -> u.reason().equals(GatewayApiResults.REASON_UNSUPPORTED_VALUE)).findFirst();
        for (int i = 0; i < parentRefs.size(); i++) {
            ParentReference ref = parentRefs.get(i);
            String field = "spec.parentRefs[" + i + "]";
            GatewayApiResults.ParentRef parent = new GatewayApiResults.ParentRef(
                    ref.getGroup() == null ? GatewayProcessor.GROUP : ref.getGroup(),
                    ref.getKind() == null ? "Gateway" : ref.getKind(),
                    ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace(),
                    ref.getName(), ref.getSectionName(), ref.getPort());
            if (!parent.group().equals(GatewayProcessor.GROUP) || !parent.kind().equals("Gateway")) {
                continue; // a parent of another kind: not ours
            }
            Optional<GatewayApiState.GatewayState> gateway = state.gateway(parent.namespace(), parent.name());
            if (gateway.isEmpty()) {
                // on a cluster: another controller's Gateway, or none, and not ours to report on; files are all
                // there is, so a Gateway they lack is a mistake worth saying
                if (compilation.input().fromManifests()) {
                    missingParent(compilation, route, field, parent);
                }
                continue;
            }
            if (resolution == null) {
                resolution = rules.resolve(route);
            }
            GatewayCondition accepted = accept(compilation, route, field, gateway.get(), parent, hostnames,
                    attachments);
            if (accepted.status() && unsupported.isPresent()) {
                // attached and served, but the spec asks Accepted False for a filter type we do not implement
                accepted = GatewayCondition.failed(ACCEPTED, GatewayApiResults.REASON_UNSUPPORTED_VALUE,
                        unsupported.get().field() + ": " + unsupported.get().message());
            }
            parents.add(new GatewayApiResults.RouteParentResult(parent, accepted, resolution.condition()));
        }
        if (parents.isEmpty()) {
            return;
        }
        state.addRoute(new GatewayApiResults.HttpRouteResult(namespace, route.getMetadata().getName(), parents));
        attachments.forEach((listener, names) -> listener.attached().add(objectName(route)));
        rules.add(route, resolution, attachments);
    }

    /**
     * Whether the Route is accepted by a parent, adding the listeners it attaches to (with the hostnames it is served
     * under there) to {@code attachments}.
     */
    private static GatewayCondition accept(Compilation compilation, HTTPRoute route, String field,
                                           GatewayApiState.GatewayState gateway, GatewayApiResults.ParentRef parent,
                                           List<String> hostnames,
                                           Map<GatewayApiState.ListenerState, List<String>> attachments) {
        List<GatewayApiState.ListenerState> selected = gateway.listeners().stream()
                .filter(l -> parent.sectionName() == null || parent.sectionName().equals(l.name()))
                .filter(l -> parent.port() == null || parent.port() == l.port())
                .toList();
        String gatewayName = gateway.namespace() + "/" + gateway.name();
        if (selected.isEmpty()) {
            List<String> names = gateway.listeners().stream().map(GatewayApiState.ListenerState::name).toList();
            String suggestion = parent.sectionName() == null ? "" : Spelling.nearest(parent.sectionName(), names)
                    .map(n -> "did you mean sectionName: " + n + "? ").orElse("");
            return refuse(compilation, route, field, GatewayApiResults.REASON_NO_MATCHING_PARENT, "Gateway "
                    + gatewayName + " has no listener" + (parent.sectionName() == null ? ""
                    : " named " + parent.sectionName()) + (parent.port() == null ? "" : " on port " + parent.port())
                    + ": " + suggestion + "its listeners are " + String.join(", ", gateway.listeners().stream()
                    .map(l -> l.name() + " (port " + l.port() + ")").toList()) + "; fix sectionName/port (kubectl"
                    + " get gateway " + gateway.name() + " -o yaml)");
        }
        List<GatewayApiState.ListenerState> routable = selected.stream()
                .filter(GatewayApiState.ListenerState::routable).toList();
        if (routable.isEmpty()) {
            return refuse(compilation, route, field, GatewayApiResults.REASON_NO_MATCHING_PARENT, "no selected"
                    + " listener of Gateway " + gatewayName + " is served (see its listener conditions)");
        }
        String namespace = Metadata.namespaceOf(route);
        List<GatewayApiState.ListenerState> allowed = routable.stream()
                .filter(l -> l.namespaces().allows(gateway.namespace(), namespace)).toList();
        if (allowed.isEmpty()) {
            return refuse(compilation, route, field, GatewayApiResults.REASON_NOT_ALLOWED_BY_LISTENERS, "the"
                    + " listeners of Gateway " + gatewayName + " do not allow Routes from namespace " + namespace
                    + " (allowedRoutes.namespaces): move the Route, or set `from: All` or a selector");
        }
        boolean any = false;
        for (GatewayApiState.ListenerState listener : allowed) {
            List<String> names = ListenerHostnames.intersect(listener.hostname(), hostnames);
            if (!names.isEmpty()) {
                any = true;
                attachments.computeIfAbsent(listener, l -> new ArrayList<>()).addAll(names.stream()
                        .filter(n -> !attachments.getOrDefault(listener, List.of()).contains(n)).toList());
            }
        }
        if (!any) {
            return refuse(compilation, route, "spec.hostnames", GatewayApiResults.REASON_NO_MATCHING_LISTENER_HOSTNAME,
                    "no hostname of this Route (" + String.join(", ", hostnames) + ") matches a listener hostname of"
                            + " Gateway " + gatewayName + " (" + String.join(", ", allowed.stream()
                            .map(l -> l.hostname() == null ? "*" : l.hostname()).toList()) + ")");
        }
        return GatewayCondition.ok(ACCEPTED, GatewayApiResults.REASON_ACCEPTED);
    }

    /** From files: a parentRef to a Gateway of ours that the files do not hold, or that is of another class. */
    private static void missingParent(Compilation compilation, HTTPRoute route, String field,
                                      GatewayApiResults.ParentRef parent) {
        String wanted = parent.namespace() + "/" + parent.name();
        List<String> given = compilation.input().gatewayApi().gateways().stream()
                .map(g -> Metadata.namespaceOf(g) + "/" + g.getMetadata().getName()).toList();
        if (given.contains(wanted)) {
            return; // of another class: said on the Gateway (GatewayClassNotOurs)
        }
        String suggestion = Spelling.nearest(wanted, given).map(n -> "did you mean " + n + "? ").orElse("");
        compilation.warn(route, field, GatewayApiResults.REASON_NO_MATCHING_PARENT, "the Gateway " + wanted
                + " is not among the files, so this Route is not served: " + suggestion + (given.isEmpty()
                ? "give the Gateway's manifest with -f" : "the files hold " + String.join(", ", given) + "; fix the"
                + " parentRef's name and namespace, or give the Gateway's manifest with -f"));
    }

    private static GatewayCondition refuse(Compilation compilation, HTTPRoute route, String field, String reason,
                                           String message) {
        compilation.warn(route, field, reason, message);
        return GatewayCondition.failed(ACCEPTED, reason, message);
    }

    static String objectName(HTTPRoute route) {
        return Metadata.namespaceOf(route) + "/" + route.getMetadata().getName();
    }

    /** The backendRefs of every rule, in order, with their field names. */
    static Map<String, HTTPBackendRef> backendRefs(HTTPRoute route) {
        Map<String, HTTPBackendRef> refs = new LinkedHashMap<>();
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of()
                : route.getSpec().getRules();
        for (int r = 0; r < rules.size(); r++) {
            List<HTTPBackendRef> backendRefs = rules.get(r).getBackendRefs() == null ? List.of()
                    : rules.get(r).getBackendRefs();
            for (int b = 0; b < backendRefs.size(); b++) {
                refs.put("spec.rules[" + r + "].backendRefs[" + b + "]", backendRefs.get(b));
            }
        }
        return refs;
    }

    static GatewayCondition resolvedRefsOk() {
        return GatewayCondition.ok(RESOLVED_REFS, GatewayApiResults.REASON_RESOLVED_REFS);
    }
}
