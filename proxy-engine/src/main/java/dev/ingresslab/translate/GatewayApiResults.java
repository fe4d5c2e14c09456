package dev.ingresslab.translate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What translation decided about each Gateway API object Ingress Lab controls, for the status writer (Gateway API
 * v1 {@code GatewayStatus}, {@code ListenerStatus}, {@code RouteParentStatus}) and for people (Problems, explain).
 * Only objects of a GatewayClass whose {@code controllerName} is {@link #CONTROLLER_NAME} appear: the others belong
 * to another controller, whose status must not be touched.
 *
 * @param gatewayClasses the GatewayClasses of our controller
 * @param gateways       the Gateways of those classes, by {@code namespace/name}
 * @param httpRoutes     the HTTPRoutes with at least one parentRef to one of those Gateways
 */
public record GatewayApiResults(List<GatewayClassResult> gatewayClasses, List<GatewayResult> gateways,
                                List<HttpRouteResult> httpRoutes) {

    /** The {@code spec.controllerName} of the GatewayClasses Ingress Lab serves. */
    public static final String CONTROLLER_NAME = "ingress-lab.dev/controller";

    public static final GatewayApiResults NONE = new GatewayApiResults(List.of(), List.of(), List.of());

    // Condition types (gateway-api apis/v1/gateway_types.go, httproute_types.go, shared_types.go).
    public static final String ACCEPTED = "Accepted";
    public static final String PROGRAMMED = "Programmed";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    public static final String CONFLICTED = "Conflicted";

    // Reasons, with the spec's spelling.
    public static final String REASON_ACCEPTED = "Accepted";
    public static final String REASON_PROGRAMMED = "Programmed";
    public static final String REASON_RESOLVED_REFS = "ResolvedRefs";
    public static final String REASON_INVALID = "Invalid";
    public static final String REASON_INVALID_PARAMETERS = "InvalidParameters";
    public static final String REASON_LISTENERS_NOT_VALID = "ListenersNotValid";
    public static final String REASON_UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    public static final String REASON_PORT_UNAVAILABLE = "PortUnavailable";
    public static final String REASON_UNSUPPORTED_VALUE = "UnsupportedValue";
    public static final String REASON_INVALID_CERTIFICATE_REF = "InvalidCertificateRef";
    public static final String REASON_INVALID_ROUTE_KINDS = "InvalidRouteKinds";
    public static final String REASON_NO_CONFLICTS = "NoConflicts";
    public static final String REASON_HOSTNAME_CONFLICT = "HostnameConflict";
    public static final String REASON_PROTOCOL_CONFLICT = "ProtocolConflict";
    public static final String REASON_NO_MATCHING_PARENT = "NoMatchingParent";
    public static final String REASON_NOT_ALLOWED_BY_LISTENERS = "NotAllowedByListeners";
    public static final String REASON_NO_MATCHING_LISTENER_HOSTNAME = "NoMatchingListenerHostname";
    public static final String REASON_REF_NOT_PERMITTED = "RefNotPermitted";
    public static final String REASON_BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String REASON_INVALID_KIND = "InvalidKind";

    public GatewayApiResults {
        gatewayClasses = List.copyOf(gatewayClasses);
        gateways = List.copyOf(gateways);
        httpRoutes = List.copyOf(httpRoutes);
    }

    /** The result of one Gateway, if it is ours. */
    public Optional<GatewayResult> gateway(String namespace, String name) {
        return gateways.stream().filter(g -> g.namespace().equals(namespace) && g.name().equals(name)).findFirst();
    }

    /** The result of one HTTPRoute, if one of its parents is ours. */
    public Optional<HttpRouteResult> httpRoute(String namespace, String name) {
        return httpRoutes.stream().filter(r -> r.namespace().equals(namespace) && r.name().equals(name)).findFirst();
    }

    /**
     * A GatewayClass of our controller.
     *
     * @param name     its name (cluster-scoped)
     * @param accepted its {@code Accepted} condition
     */
    public record GatewayClassResult(String name, GatewayCondition accepted) {
    }

    /**
     * A Gateway of one of our GatewayClasses.
     *
     * @param accepted   {@code Accepted}: True/Accepted, or True/ListenersNotValid when some listener is invalid
     * @param programmed {@code Programmed}: True when at least one listener serves traffic, else False/Invalid
     * @param listeners  one per {@code spec.listeners[]}, in spec order
     */
    public record GatewayResult(String namespace, String name, GatewayCondition accepted,
                                GatewayCondition programmed, List<ListenerResult> listeners) {

        public GatewayResult {
            Objects.requireNonNull(accepted);
            Objects.requireNonNull(programmed);
            listeners = List.copyOf(listeners);
        }

        public Optional<ListenerResult> listener(String name) {
            return listeners.stream().filter(l -> l.name().equals(name)).findFirst();
        }
    }

    /**
     * One listener of a Gateway ({@code status.listeners[]}).
     *
     * @param name           {@code spec.listeners[].name}
     * @param attachedRoutes how many HTTPRoutes are accepted on it (a Route with several parentRefs to it counts once)
     * @param supportedKinds the Route kinds it takes ({@code HTTPRoute}), group {@code gateway.networking.k8s.io}
     * @param conditions     {@code Accepted}, {@code Programmed}, {@code ResolvedRefs}, {@code Conflicted}, in this
     *                       order
     */
    public record ListenerResult(String name, int attachedRoutes, List<String> supportedKinds,
                                 List<GatewayCondition> conditions) {

        public ListenerResult {
            supportedKinds = List.copyOf(supportedKinds);
            conditions = List.copyOf(conditions);
        }

        public Optional<GatewayCondition> condition(String type) {
            return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
        }
    }

    /**
     * An HTTPRoute with at least one parentRef to one of our Gateways.
     *
     * @param parents one per such parentRef ({@code status.parents[]}), in spec order
     */
    public record HttpRouteResult(String namespace, String name, List<RouteParentResult> parents) {

        public HttpRouteResult {
            parents = List.copyOf(parents);
        }
    }

    /**
     * One parent of an HTTPRoute ({@code RouteParentStatus}).
     *
     * @param parentRef    the parentRef as written, with its defaults filled in
     * @param accepted     {@code Accepted}: True/Accepted, or False with NoMatchingParent, NotAllowedByListeners,
     *                     NoMatchingListenerHostname, UnsupportedValue
     * @param resolvedRefs {@code ResolvedRefs}: True/ResolvedRefs, or False with RefNotPermitted, BackendNotFound,
     *                     InvalidKind
     */
    public record RouteParentResult(ParentRef parentRef, GatewayCondition accepted, GatewayCondition resolvedRefs) {
    }

    /**
     * A parentRef with its defaults: group {@code gateway.networking.k8s.io}, kind {@code Gateway}, the Route's
     * namespace.
     *
     * @param sectionName the listener name, or null for all listeners
     * @param port        the listener port, or null for all ports
     */
    public record ParentRef(String group, String kind, String namespace, String name, String sectionName,
                            Integer port) {
    }
}
