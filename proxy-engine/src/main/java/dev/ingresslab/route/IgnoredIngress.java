package dev.ingresslab.route;

/**
 * An Ingress that is not served, and why (another IngressClass, an unknown class, a canary without a primary).
 * explain lists it so "why is my Ingress doing nothing?" has an answer.
 */
public record IgnoredIngress(String namespace, String name, String reason) {

    public String objectName() {
        return namespace + "/" + name;
    }
}
