package dev.ingresslab.convert;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Canary;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.WeightedBackend;

import java.util.HashMap;
import java.util.Map;

/**
 * Explains requests on a compiled route table ({@link Explainer}: the proxy's own match) and reports their {@link
 * Behaviour}. Weights are reported as the split they make, not as the one roll explain shows: an ingress-nginx
 * canary's {@code canary-weight} in {@code canary-weight-total} when neither its header nor its cookie decides, an
 * HTTPRoute rule's backendRef weights (ingress-semantics.md §9.4).
 */
public final class TableRouter implements Router {

    private final Explainer explainer;

    public TableRouter(RouteTable table) {
        this.explainer = new Explainer(table);
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

    /** {@code namespace/service:port}. */
    static String label(Backend backend) {
        return backend.namespace() + "/" + backend.display();
    }
}
