package dev.ingresslab.translate;

import dev.ingresslab.route.Listener;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.TlsSecretException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;

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
 * Terminate}) on its {@code https} listener with the certificate of its first {@code certificateRefs} Secret (read by
 * the TLS code, {@link TlsCertificates}); whatever port the listener names, since the proxy has one port per
 * protocol. Listeners of one Gateway with the same protocol and hostname conflict ({@code HostnameConflict}), and
 * neither is served. Its only output to the table is secure hosts; the Routes are {@link HttpRouteProcessor}'s.
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
        for (Gateway gateway : gateways) {
            if (gateway.getSpec() != null && ourClasses.contains(gateway.getSpec().getGatewayClassName())) {
                state.addGateway(new GatewayRun(compilation, gateway, grants).decide());
            } else if (fromFiles && gateway.getSpec() != null) {
                compilation.info(gateway, "spec.gatewayClassName", "GatewayClassNotOurs", "its GatewayClass "
                        + gateway.getSpec().getGatewayClassName() + " is not Ingress Lab's, so neither it nor the"
                        + " Routes attached to it are served here: to try it in Ingress Lab, set gatewayClassName: "
                        + TranslatorSettings.CLASS_NAME + " (controller " + GatewayApiResults.CONTROLLER_NAME + ")");
            }
        }
    }

    /** The decisions about one Gateway. */
    private static final class GatewayRun {
        private final Compilation compilation;
        private final Gateway gateway;
        private final ReferenceGrants grants;
        private final String namespace;

        GatewayRun(Compilation compilation, Gateway gateway, ReferenceGrants grants) {
            this.compilation = compilation;
            this.gateway = gateway;
            this.grants = grants;
            this.namespace = Metadata.namespaceOf(gateway);
        }

        GatewayApiState.GatewayState decide() {
            List<io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener> specs =
                    gateway.getSpec().getListeners() == null ? List.of() : gateway.getSpec().getListeners();
            Map<String, Integer> claims = new HashMap<>(); // protocol + hostname → how many listeners claim it
            for (var spec : specs) {
                claims.merge(spec.getProtocol() + " " + nullToEmpty(spec.getHostname()), 1, Integer::sum);
            }
            List<GatewayApiState.ListenerState> listeners = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                listeners.add(listener(i, specs.get(i),
                        claims.get(specs.get(i).getProtocol() + " " + nullToEmpty(specs.get(i).getHostname())) > 1));
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
                                                      boolean conflicted) {
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
            Optional<TlsCertificate> certificate = Optional.empty();
            if (Listener.HTTPS.equals(proxyListener)) {
                CertificateOutcome outcome = certificate(spec, field);
                certificate = outcome.certificate();
                if (outcome.problem() != null) {
                    resolved = outcome.problem();
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
            if (conflicted) {
                String message = "another listener of this Gateway has protocol " + protocol + " and "
                        + (hostname == null ? "no hostname" : "hostname " + hostname) + ": neither is served;"
                        + " give each a different hostname";
                conflict = new GatewayCondition(CONFLICTED, true, GatewayApiResults.REASON_HOSTNAME_CONFLICT,
                        message);
                compilation.warn(gateway, field + ".hostname", "HostnameConflict", message);
                proxyListener = null;
            }
            GatewayCondition programmed = proxyListener != null
                    ? GatewayCondition.ok(PROGRAMMED, GatewayApiResults.REASON_PROGRAMMED)
                    : GatewayCondition.failed(PROGRAMMED, GatewayApiResults.REASON_INVALID,
                    "not served: see the other conditions");
            if (proxyListener != null && Listener.HTTPS.equals(proxyListener) && hostname != null) {
                compilation.builder().addSecureVirtualHost(new SecureVirtualHost(hostname, certificate,
                        origin(index)));
            }
            return new GatewayApiState.ListenerState(gateway, index, nullToEmpty(spec.getName()), protocol, port,
                    hostname, proxyListener, namespaces, supported, certificate,
                    List.of(accepted, programmed, resolved, conflict), GatewayApiState.newAttachedSet());
        }

        private record CertificateOutcome(Optional<TlsCertificate> certificate, GatewayCondition problem) {
        }

        /** The listener's certificate: its first certificateRef, a kubernetes.io/tls Secret it may read. */
        private CertificateOutcome certificate(io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener spec,
                                               String field) {
            List<SecretObjectReference> refs = spec.getTls() == null || spec.getTls().getCertificateRefs() == null
                    ? List.of() : spec.getTls().getCertificateRefs();
            String refField = field + ".tls.certificateRefs[0]";
            if (refs.isEmpty()) {
                return refused(field + ".tls", GatewayApiResults.REASON_INVALID_CERTIFICATE_REF,
                        "an HTTPS listener needs tls.certificateRefs: name a kubernetes.io/tls Secret");
            }
            SecretObjectReference ref = refs.get(0);
            String group = nullToEmpty(ref.getGroup());
            String kind = ref.getKind() == null ? "Secret" : ref.getKind();
            if (!group.isEmpty() || !kind.equals("Secret")) {
                return refused(refField, GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "certificateRefs name"
                        + " core Secrets (group \"\", kind Secret), not " + group + "/" + kind);
            }
            String secretNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace
                    : ref.getNamespace();
            if (!grants.permits(GROUP, "Gateway", namespace, "", "Secret", secretNamespace, ref.getName())) {
                return refused(refField, GatewayApiResults.REASON_REF_NOT_PERMITTED, "Secret " + secretNamespace
                        + "/" + ref.getName() + " is in another namespace and no ReferenceGrant there allows"
                        + " Gateways from " + namespace + ": add one (from Gateway in " + namespace + ", to Secret)");
            }
            Optional<Secret> secret = compilation.input().secrets().stream()
                    .filter(s -> Metadata.namespaceOf(s).equals(secretNamespace)
                            && s.getMetadata().getName().equals(ref.getName())).findFirst();
            if (secret.isEmpty()) {
                if (!compilation.input().isGiven(InputKind.SECRET)) {
                    return new CertificateOutcome(Optional.empty(), null); // files without Secrets: not checked
                }
                return refused(refField, GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "Secret "
                        + secretNamespace + "/" + ref.getName() + " not found: create it (kubectl create secret tls)");
            }
            try {
                return new CertificateOutcome(Optional.of(TlsCertificates.fromSecret(secret.get())), null);
            } catch (TlsSecretException e) {
                return refused(refField, GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "Secret "
                        + secretNamespace + "/" + ref.getName() + ": " + e.getMessage());
            }
        }

        private CertificateOutcome refused(String field, String reason, String message) {
            compilation.warn(gateway, field, reason, message);
            return new CertificateOutcome(Optional.empty(), GatewayCondition.failed(RESOLVED_REFS, reason, message));
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
