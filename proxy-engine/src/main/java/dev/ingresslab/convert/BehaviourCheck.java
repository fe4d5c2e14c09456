package dev.ingresslab.convert;

import dev.ingresslab.route.SimpleRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a conversion by behaviour: each request is decided by the Ingress side and by the Gateway side, and every
 * request they treat differently is a {@link Difference}.
 */
public final class BehaviourCheck {

    private BehaviourCheck() {
    }

    /**
     * A request both sides decided differently.
     *
     * @param request the request
     * @param ingress what the Ingresses do with it
     * @param gateway what the Gateway API objects do with it
     */
    public record Difference(SimpleRequest request, Behaviour ingress, Behaviour gateway) {

        /** {@code GET http://a.example.com/x: Ingress 200 default/alpaca:8080 /x; Gateway 404}. */
        public String display() {
            return request.method() + " " + request.scheme() + "://" + request.authority() + request.target()
                    + headers() + "\n    Ingress: " + ingress.summary() + "  (" + ingress.why() + ")"
                    + "\n    Gateway: " + gateway.summary() + "  (" + gateway.why() + ")";
        }

        private String headers() {
            StringBuilder text = new StringBuilder();
            request.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) {
                    values.forEach(value -> text.append(" [").append(name).append(": ").append(value).append(']'));
                }
            });
            return text.toString();
        }
    }

    /**
     * The result of a check.
     *
     * @param requests    how many requests were decided by both sides
     * @param differences the requests decided differently, in the order checked
     */
    public record Verification(int requests, List<Difference> differences) {

        public Verification {
            differences = List.copyOf(differences);
        }

        public boolean equivalent() {
            return differences.isEmpty();
        }

        /** {@code 84 requests, all decided alike} or {@code 84 requests, 3 decided differently}. */
        public String summary() {
            return requests + " requests, " + (equivalent() ? "all decided alike"
                    : differences.size() + " decided differently");
        }
    }

    /** Decides each request on both sides. */
    public static Verification check(List<SimpleRequest> requests, Router ingress, Router gateway) {
        Objects.requireNonNull(ingress);
        Objects.requireNonNull(gateway);
        List<Difference> differences = new ArrayList<>();
        for (SimpleRequest request : requests) {
            Behaviour before = ingress.decide(request);
            Behaviour after = gateway.decide(request);
            if (!before.sameAs(after)) {
                differences.add(new Difference(request, before, after));
            }
        }
        return new Verification(requests.size(), differences);
    }
}
