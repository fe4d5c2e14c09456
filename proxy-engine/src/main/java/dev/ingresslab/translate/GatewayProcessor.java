package dev.ingresslab.translate;

import dev.ingresslab.route.Listener;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.tls.TlsCertificate;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.ingresslab.translate.GatewayApiResults.ACCEPTED;
import static dev.ingresslab.translate.GatewayApiResults.CONFLICTED;
import static dev.ingresslab.translate.GatewayApiResults.PROGRAMMED;
import static dev.ingresslab.translate.GatewayApiResults.RESOLVED_REFS;

/**
 * The Gateway API's GatewayClasses and Gateways (issue #19, ingress-semantics.md §9): accepts the GatewayClasses
 * whose {@code controllerName} is {@link GatewayApiResults#CONTROLLER_NAME}, and their Gateways' listeners. An
 * {@code HTTP} listener is served on the proxy's {@code http} listener, an {@code HTTPS} one (TLS mode {@code
 * Terminate}) on its {@code https} listener with the certificates of its {@code certificateRefs} Secrets ({@link
 * ListenerCertificates}); whatever port the listener names, since the proxy has one port per
 * protocol. Listeners of one Gateway with the same protocol and hostname conflict ({@code HostnameConflict}), as do
 * listeners of one Gateway on one port with different protocols ({@code ProtocolConflict}), and neither is served.
 * Every Gateway of our classes shares the proxy's address and ports, so a listener that would take what an older
 * Gateway's listener holds is {@code Conflicted} the same way, and the older one stays served
 * ({@link SharedPorts}). Its only output to the table is secure hosts; the Routes are {@link HttpRouteProcessor}'s.
 */
public final class GatewayProcessor implements RouteProcessor {

    static final String GROUP = "gateway.networking.k8s.io";

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public void process(Compilation compilation) {
        GatewayApiInput input = compilation.input().gatewayApi();
        if (input.isEmpty()) {
            return;
        }
        GatewayApiState state = compilation.gatewayApi();
        Set<String> ourClasses = new HashSet<>();
        for (GatewayClass gatewayClass : input.gatewayClasses()) {
            if (gatewayClass.getSpec() == null
                    || !GatewayApiResults.CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName())) {
                continue; // another controller's: its status is not ours to write
            }
            String name = gatewayClass.getMetadata().getName();
            if (gatewayClass.getSpec().getParametersRef() != null) {
                String message = "Ingress Lab takes no parameters: remove spec.parametersRef";
                state.addClass(new GatewayApiResults.GatewayClassResult(name, GatewayCondition.failed(ACCEPTED,
                        GatewayApiResults.REASON_INVALID_PARAMETERS, message)));
                compilation.warn(gatewayClass, "spec.parametersRef", "InvalidParameters", message);
                continue;
            }
            ourClasses.add(name);
            state.addClass(new GatewayApiResults.GatewayClassResult(name,
                    GatewayCondition.ok(ACCEPTED, GatewayApiResults.REASON_ACCEPTED)));
        }
        boolean fromFiles = compilation.input().fromManifests();
        if (fromFiles && input.gatewayClasses().stream()
                .noneMatch(c -> TranslatorSettings.CLASS_NAME.equals(c.getMetadata().getName()))) {
            // as for the IngressClass: files name Ingress Lab's class without holding it (a cluster running Ingress
            // Lab has it, and convert does not write it); no status for it, since none is written from files
            ourClasses.add(TranslatorSettings.CLASS_NAME);
        }
        ReferenceGrants grants = new ReferenceGrants(input.referenceGrants());
        List<Gateway> gateways = new ArrayList<>(input.gateways());
        gateways.sort(Comparator.<Gateway, java.time.Instant>comparing(Metadata::createdOf)
                .thenComparing(g -> Metadata.namespaceOf(g) + "/" + g.getMetadata().getName()));
        SharedPorts shared = new SharedPorts();
        for (Gateway gateway : gateways) {
            if (gateway.getSpec() != null && ourClasses.contains(gateway.getSpec().getGatewayClassName())) {
                state.addGateway(new GatewayRun(compilation, gateway, grants, shared).decide());
            } else if (fromFiles && gateway.getSpec() != null) {
                compilation.info(gateway, "spec.gatewayClassName", "GatewayClassNotOurs", "its GatewayClass "
                        + gateway.getSpec().getGatewayClassName() + " is not Ingress Lab's, so neither it nor the"
                        + " Routes attached to it are served here: to try it in Ingress Lab, set gatewayClassName: "
                        + TranslatorSettings.CLASS_NAME + " (controller " + GatewayApiResults.CONTROLLER_NAME + ")");
            }
        }
    }

    /**
     * What the listeners of the Gateways decided so far (oldest first) hold of the proxy's ports: every Gateway of our
     * classes is served on the same address and ports, so their listeners are merged, and a listener conflicts with
     * an older Gateway's as it would with its own Gateway's (Gateway API v1 {@code ListenerConditionConflicted}:
     * {@code ProtocolConflict} for another protocol on the same port number, {@code HostnameConflict} for the same
     * protocol and hostname). The older Gateway keeps what it holds (creationTimestamp, then namespace/name: the
     * API's conflict resolution).
     */
    private static final class SharedPorts {
        /** {@code port} → the first served listener on it. */
        private final Map<Integer, Claim> ports = new HashMap<>();
        /** {@code protocol + " " + hostname} → the first served listener with them. */
        private final Map<String, Claim> hostnames = new HashMap<>();

        record Claim(Gateway gateway, String listener, String protocol) {
        }
    }

    /** The decisions about one Gateway. */
    private static final class GatewayRun {
        private final Compilation compilation;
        private final Gateway gateway;
        private final ReferenceGrants grants;
        private final String namespace;
        private final SharedPorts shared;

        GatewayRun(Compilation compilation, Gateway gateway, ReferenceGrants grants, SharedPorts shared) {
            this.compilation = compilation;
            this.gateway = gateway;
            this.grants = grants;
            this.namespace = Metadata.namespaceOf(gateway);
            this.shared = shared;
        }

        GatewayApiState.GatewayState decide() {
            List<io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener> specs =
                    gateway.getSpec().getListeners() == null ? List.of() : gateway.getSpec().getListeners();
            Map<String, Integer> claims = new HashMap<>(); // protocol + hostname → how many listeners claim it
            Map<Integer, Set<String>> protocols = new HashMap<>(); // port → the protocols its listeners name
            for (var spec : specs) {
                claims.merge(spec.getProtocol() + " " + nullToEmpty(spec.getHostname()), 1, Integer::sum);
                protocols.computeIfAbsent(spec.getPort(), p -> new HashSet<>()).add(nullToEmpty(spec.getProtocol()));
            }
            List<GatewayApiState.ListenerState> listeners = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                var spec = specs.get(i);
                String conflict = protocols.get(spec.getPort()).size() > 1 ? GatewayApiResults.REASON_PROTOCOL_CONFLICT
                        : claims.get(spec.getProtocol() + " " + nullToEmpty(spec.getHostname())) > 1
                        ? GatewayApiResults.REASON_HOSTNAME_CONFLICT : null;
                listeners.add(listener(i, spec, conflict));
            }
            boolean allValid = listeners.stream().allMatch(l -> l.proxyListener() != null);
            boolean anyServed = listeners.stream().anyMatch(l -> l.proxyListener() != null);
            GatewayCondition accepted = allValid ? GatewayCondition.ok(ACCEPTED, GatewayApiResults.REASON_ACCEPTED)
                    : new GatewayCondition(ACCEPTED, true, GatewayApiResults.REASON_LISTENERS_NOT_VALID,
                    "some listeners are not served: see their conditions");
            GatewayCondition programmed = anyServed
                    ? GatewayCondition.ok(PROGRAMMED, GatewayApiResults.REASON_PROGRAMMED)
                    : GatewayCondition.failed(PROGRAMMED, GatewayApiResults.REASON_INVALID,
                    "no listener is served: see their conditions");
            return new GatewayApiState.GatewayState(gateway, accepted, programmed, listeners);
        }

        private GatewayApiState.ListenerState listener(int index,
                                                      io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener spec,
                                                      String conflictReason) {
            String field = "spec.listeners[" + index + "]";
            String protocol = nullToEmpty(spec.getProtocol());
            String hostname = spec.getHostname() == null || spec.getHostname().isEmpty() ? null
                    : spec.getHostname().toLowerCase(java.util.Locale.ROOT);
            int port = spec.getPort() == null ? 0 : spec.getPort();
            List<String> supported = new ArrayList<>();
            GatewayCondition resolved = GatewayCondition.ok(RESOLVED_REFS, GatewayApiResults.REASON_RESOLVED_REFS);
            AllowedRoutes allowed = spec.getAllowedRoutes();
            if (allowed == null || allowed.getKinds() == null || allowed.getKinds().isEmpty()) {
                supported.add("HTTPRoute");
            } else {
                List<String> invalid = new ArrayList<>();
                for (RouteGroupKind kind : allowed.getKinds()) {
                    String group = kind.getGroup() == null ? GROUP : kind.getGroup();
                    if (group.equals(GROUP) && "HTTPRoute".equals(kind.getKind())) {
                        supported.add("HTTPRoute");
                    } else {
                        invalid.add((group.isEmpty() ? "" : group + "/") + kind.getKind());
                    }
                }
                if (!invalid.isEmpty()) {
                    String message = "Ingress Lab routes only HTTPRoute (group " + GROUP + "), not "
                            + String.join(", ", invalid) + ": remove them from allowedRoutes.kinds";
                    resolved = GatewayCondition.failed(RESOLVED_REFS, GatewayApiResults.REASON_INVALID_ROUTE_KINDS,
                            message);
                    compilation.warn(gateway, field + ".allowedRoutes.kinds", "InvalidRouteKinds", message);
                }
            }
            AllowedNamespaces namespaces = namespacesOf(allowed);
            if (namespaces.usesOtherLabels()) {
                compilation.warn(gateway, field + ".allowedRoutes.namespaces.selector", "UnsupportedValue",
                        "Ingress Lab sees only the " + AllowedNamespaces.NAME_LABEL + " label of a namespace: a"
                                + " selector on other labels selects no namespace; select by that label or use"
                                + " `from: All`");
            }
            String proxyListener = null;
            GatewayCondition accepted = GatewayCondition.ok(ACCEPTED, GatewayApiResults.REASON_ACCEPTED);
            switch (protocol) {
                case "HTTP" -> proxyListener = Listener.HTTP;
                case "HTTPS" -> {
                    if (compilation.builder().listeners().stream().noneMatch(l -> l.name().equals(Listener.HTTPS))) {
                        accepted = GatewayCondition.failed(ACCEPTED, GatewayApiResults.REASON_PORT_UNAVAILABLE,
                                "the proxy serves no https listener: start it with an https port (--https-port)");
                    } else if (spec.getTls() != null && "Passthrough".equals(spec.getTls().getMode())) {
                        accepted = GatewayCondition.failed(ACCEPTED, GatewayApiResults.REASON_UNSUPPORTED_PROTOCOL,
                                "TLS mode Passthrough is not supported: use `mode: Terminate` (the default)");
                    } else {
                        proxyListener = Listener.HTTPS;
                    }
                }
                default -> accepted = GatewayCondition.failed(ACCEPTED,
                        GatewayApiResults.REASON_UNSUPPORTED_PROTOCOL, "Ingress Lab serves protocol HTTP and HTTPS"
                                + " listeners, not " + (protocol.isEmpty() ? "none" : protocol));
            }
            List<TlsCertificate> certificates = List.of();
            if (Listener.HTTPS.equals(proxyListener)) {
                ListenerCertificates.Outcome outcome = new ListenerCertificates(compilation, gateway, grants, namespace)
                        .resolve(spec, field);
                certificates = outcome.certificates();
                if (outcome.problem() != null) {
                    resolved = outcome.problem();
                }
                if (!outcome.servable()) {
                    proxyListener = null;
                }
            }
            if (!accepted.status()) {
                compilation.warn(gateway, field + ".protocol", accepted.reason(), accepted.message());
            }
            if (supported.isEmpty()) {
                proxyListener = null; // no Route kind it takes: nothing to serve
            }
            GatewayCondition conflict = GatewayCondition.failed(CONFLICTED, GatewayApiResults.REASON_NO_CONFLICTS,
                    "");
            String hostText = hostname == null ? "no hostname" : "hostname " + hostname;
            if (GatewayApiResults.REASON_PROTOCOL_CONFLICT.equals(conflictReason)) {
                String message = "another listener of this Gateway is on port " + port + " with another protocol:"
                        + " neither is served; give each protocol its own port";
                conflict = new GatewayCondition(CONFLICTED, true, conflictReason, message);
                compilation.warn(gateway, field + ".port", conflictReason, message);
                proxyListener = null;
            } else if (GatewayApiResults.REASON_HOSTNAME_CONFLICT.equals(conflictReason)) {
                String message = "another listener of this Gateway has protocol " + protocol + " and " + hostText
                        + ": neither is served; give each a different hostname";
                conflict = new GatewayCondition(CONFLICTED, true, conflictReason, message);
                compilation.warn(gateway, field + ".hostname", conflictReason, message);
                proxyListener = null;
            } else if (proxyListener != null) {
                conflict = sharedPortConflict(field, spec, protocol, port, hostname, hostText).orElse(conflict);
                if (conflict.status()) {
                    proxyListener = null;
                }
            }
            GatewayCondition programmed = proxyListener != null
                    ? GatewayCondition.ok(PROGRAMMED, GatewayApiResults.REASON_PROGRAMMED)
                    : GatewayCondition.failed(PROGRAMMED, GatewayApiResults.REASON_INVALID,
                    "not served: see the other conditions");
            if (proxyListener != null && Listener.HTTPS.equals(proxyListener)
                    && (hostname != null || !certificates.isEmpty())) {
                // without a hostname the listener takes every name: "" (the oldest Gateway's such listener first)
                compilation.builder().addSecureVirtualHost(new SecureVirtualHost(hostname == null ? "" : hostname,
                        certificates, origin(index), ""));
            }
            return new GatewayApiState.ListenerState(gateway, index, nullToEmpty(spec.getName()), protocol, port,
                    hostname, proxyListener, namespaces, supported, certificates,
                    List.of(accepted, programmed, resolved, conflict), GatewayApiState.newAttachedSet());
        }

        /**
         * The conflict of a listener that would be served with an older Gateway's served listener on the proxy's
         * shared ports, reported at its field; else it takes its port and hostname, and nothing is returned.
         */
        private Optional<GatewayCondition> sharedPortConflict(String field,
                                                              io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener
                                                                      spec, String protocol, int port,
                                                              String hostname, String hostText) {
            SharedPorts.Claim onPort = shared.ports.get(port);
            SharedPorts.Claim onHost = shared.hostnames.get(protocol + " " + nullToEmpty(hostname));
            String reason;
            String at;
            String message;
            if (onPort != null && onPort.gateway() != gateway && !onPort.protocol().equals(protocol)) {
                reason = GatewayApiResults.REASON_PROTOCOL_CONFLICT;
                at = field + ".port";
                message = "listener " + onPort.listener() + " of Gateway " + objectName(onPort.gateway())
                        + " already serves " + onPort.protocol() + " on port " + port + ", and every Gateway of"
                        + " Ingress Lab's classes shares the proxy's ports: this " + protocol + " listener is not"
                        + " served, since " + olderOf(onPort.gateway()) + "; give it another port";
            } else if (onHost != null && onHost.gateway() != gateway) {
                reason = GatewayApiResults.REASON_HOSTNAME_CONFLICT;
                at = field + ".hostname";
                message = "listener " + onHost.listener() + " of Gateway " + objectName(onHost.gateway())
                        + " already serves " + protocol + " with " + hostText + " on the proxy's " + protocol
                        + " port, which every Gateway of Ingress Lab's classes shares: this one is not served,"
                        + " since " + olderOf(onHost.gateway()) + "; give it another hostname";
            } else {
                SharedPorts.Claim claim = new SharedPorts.Claim(gateway, nullToEmpty(spec.getName()), protocol);
                shared.ports.putIfAbsent(port, claim);
                shared.hostnames.putIfAbsent(protocol + " " + nullToEmpty(hostname), claim);
                return Optional.empty();
            }
            compilation.warn(gateway, at, reason, message);
            return Optional.of(new GatewayCondition(CONFLICTED, true, reason, message));
        }

        /** Why {@code older}, decided before this Gateway, keeps what it holds. */
        private String olderOf(Gateway older) {
            java.time.Instant olderCreated = Metadata.createdOf(older);
            java.time.Instant created = Metadata.createdOf(gateway);
            if (olderCreated.equals(created)) {
                return "both were created at the same time and " + objectName(older) + " comes first by"
                        + " namespace/name (the Gateway API's tie-break)";
            }
            return objectName(older) + " is older (created " + olderCreated + ", " + objectName(gateway) + " "
                    + created + ")";
        }

        private static String objectName(Gateway gateway) {
            return Metadata.namespaceOf(gateway) + "/" + gateway.getMetadata().getName();
        }

        private Origin origin(int listenerIndex) {
            return new Origin("Gateway", namespace, gateway.getMetadata().getName(), Metadata.createdOf(gateway),
                    listenerIndex, 0);
        }

        private static AllowedNamespaces namespacesOf(AllowedRoutes allowed) {
            if (allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null) {
                return AllowedNamespaces.SAME;
            }
            return new AllowedNamespaces(allowed.getNamespaces().getFrom(), allowed.getNamespaces().getSelector());
        }
    }

    static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
