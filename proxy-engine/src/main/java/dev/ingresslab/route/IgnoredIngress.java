package dev.ingresslab.route;

/**
 * An Ingress that is not served, and why (another IngressClass, an unknown class, a canary without a primary).
 * explain lists it so "why is my Ingress doing nothing?" has an answer.
 *
 * @param notOurs whether the Ingress is another controller's (or no controller's) by its class, rather than ours and
 *                refused: on a cluster, a controller writes no Event and no status on an Ingress of another
 *                controller's class (ingress-nginx's {@code IsValid} class filter in {@code store.go} drops such
 *                Ingresses before anything is synced), so Ingress Lab writes nothing on it either; the decision stays
 *                visible in explain, the CLI and the session's diagnostics
 */
public record IgnoredIngress(String namespace, String name, String reason, boolean notOurs) {

    /** An Ingress of ours that is not served (invalid, refused, a canary without a primary). */
    public IgnoredIngress(String namespace, String name, String reason) {
        this(namespace, name, reason, false);
    }

    public String objectName() {
        return namespace + "/" + name;
    }
}
