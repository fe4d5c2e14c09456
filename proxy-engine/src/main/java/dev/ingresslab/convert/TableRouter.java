package dev.ingresslab.convert;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Canary;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.WeightedBackend;

import io.fabric8.kubernetes.api.model.Service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains requests on a compiled route table ({@link Explainer}: the proxy's own match) and reports their {@link
 * Behaviour}. Weights are reported as the split they make, not as the one roll explain shows: an ingress-nginx
 * canary's {@code canary-weight} in {@code canary-weight-total} when neither its header nor its cookie decides, an
 * HTTPRoute rule's backendRef weights (ingress-semantics.md §9.4).
 */
public final class TableRouter implements Router {

    private final Explainer explainer;
    private final ServicePorts ports;

    /** A router on {@code table}, its backends labelled as written. */
    public TableRouter(RouteTable table) {
        this(table, List.of());
    }

    /**
     * A router on {@code table} whose backends are labelled by port number where {@code services} name the port (an
     * Ingress's {@code port.name: http} and a backendRef's {@code port: 8080} are then one backend).
     */
    public TableRouter(RouteTable table, List<Service> services) {
        this.explainer = new Explainer(table);
        this.ports = new ServicePorts(services);
    }

    @Override
    public Behaviour decide(SimpleRequest request) {
        Decision decision = explainer.explain(request);
        Map<String, Integer> backends = new HashMap<>();
        Canary canary = decision.route() == null ? null : decision.route().canary();
        if (decision.backend() != null && decision.upstreamPath() != null) {
            if (decision.route().isHttpRoute() && decision.route().backends().size() > 1) {
                for (WeightedBackend weighted : decision.route().backends()) {
                    backends.merge(label(weighted.backend()), weighted.weight(), Integer::sum);
                }
            } else if (canary != null && canary.byHeaderOrCookie(request) == Canary.Verdict.UNDECIDED) {
                backends.put(label(decision.route().backend()), canary.weightTotal() - canary.weight());
                backends.put(label(canary.backend()), canary.weight());
            } else {
                backends.put(label(decision.backend()), 1);
            }
        }
        return new Behaviour(decision.outcome(), decision.status(), backends, decision.upstreamPath(),
                decision.location(), decision.reason());
    }

    /** {@code namespace/service:port}, the port's number when it is known. */
    String label(Backend backend) {
        return backend.namespace() + "/" + ports.number(backend).map(n -> backend.service() + ":" + n)
                .orElse(backend.display());
    }
}
