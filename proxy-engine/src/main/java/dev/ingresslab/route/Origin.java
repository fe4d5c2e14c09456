package dev.ingresslab.route;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where a route comes from, so any request can be traced back to a line of YAML.
 *
 * @param kind      the object kind: {@code Ingress}, {@code HTTPRoute} ({@link #HTTP_ROUTE}), or {@code Gateway} for
 *                  the secure hosts of its listeners
 * @param namespace the object's namespace
 * @param name      the object's name
 * @param created   the object's creationTimestamp ({@link #UNDATED} when it has none, as in a manifest file): the
 *                  oldest object wins a conflict
 * @param ruleIndex index in {@code spec.rules}, or {@link #DEFAULT_BACKEND} for {@code spec.defaultBackend}
 * @param pathIndex index in {@code rules[i].http.paths}, or -1 for {@code spec.defaultBackend}
 */
public record Origin(String kind, String namespace, String name, Instant created, int ruleIndex, int pathIndex) {

    public static final int DEFAULT_BACKEND = -1;

    /** The kind of the Gateway API's routes; their {@code ruleIndex} and {@code pathIndex} are the rule's and the
     * match's ({@code spec.rules[i].matches[j]}). */
    public static final String HTTP_ROUTE = "HTTPRoute";

    /**
     * What an object without a creationTimestamp counts as (a manifest file's objects have none): newer than every
     * dated object, and of the same age as every other undated one, so a tie among them is broken by {@link
     * #TIE_ORDER}, never by when the files were read.
     */
    public static final Instant UNDATED = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * How ingress-nginx orders Ingresses of equal creationTimestamp: by {@code namespace/name} as one text, in
     * reverse (its store's {@code sortIngressSlice} sorts {@code in > jn} first; the first Ingress to claim a host and
     * path keeps it). Implementation-defined: the Ingress spec says nothing about ties.
     */
    public static final Comparator<String> TIE_ORDER = Comparator.<String>naturalOrder().reversed();

    /**
     * The precedence among objects that claim the same thing: oldest first; of equal age, {@code namespace/name}
     * in reverse order as ingress-nginx ({@link #TIE_ORDER}); then the order within the object
     * (ingress-semantics.md §3.7).
     */
    public static final Comparator<Origin> PRECEDENCE = Comparator.comparing(Origin::created)
            .thenComparing(Origin::objectName, TIE_ORDER)
            .thenComparingInt(Origin::ruleIndex)
            .thenComparingInt(Origin::pathIndex);

    public static Origin defaultBackendOf(String kind, String namespace, String name, Instant created) {
        return new Origin(kind, namespace, name, created, DEFAULT_BACKEND, -1);
    }

    /** {@code namespace/name}. */
    public String objectName() {
        return namespace + "/" + name;
    }

    public boolean isDefaultBackend() {
        return ruleIndex == DEFAULT_BACKEND;
    }

    /** {@code default/path-ingress rule 0 path 1}, or {@code default/simple-ingress defaultBackend}. */
    public String display() {
        if (kind.equals(HTTP_ROUTE)) {
            return objectName() + " rule " + ruleIndex + " match " + pathIndex;
        }
        if (kind.equals("Gateway")) {
            return objectName() + " listener " + ruleIndex;
        }
        return isDefaultBackend()
                ? objectName() + " defaultBackend"
                : objectName() + " rule " + ruleIndex + " path " + pathIndex;
    }

    /** True when both come from the same Kubernetes object. */
    public boolean sameObject(Origin other) {
        return kind.equals(other.kind) && namespace.equals(other.namespace) && name.equals(other.name);
    }
}
