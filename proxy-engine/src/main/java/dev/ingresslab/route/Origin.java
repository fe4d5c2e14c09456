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

    /**
     * Why the object {@code first} comes before {@code other} in {@link #PRECEDENCE} (the caller knows it does), in
     * words that hold for manifest files too: "older" only when {@code first} has a creationTimestamp older than
     * {@code other}'s; between objects of the same age (both undated, as in manifest files, or created in the same
     * second) the tie-break by namespace/name ({@link #TIE_ORDER}, ingress-nginx's store) is named instead.
     *
     * @param first        {@code namespace/name} of the object that comes first
     * @param firstCreated its creationTimestamp, {@link #UNDATED} when it has none
     * @param other        {@code namespace/name} of the object it comes before
     * @param otherCreated that one's creationTimestamp, {@link #UNDATED} when it has none
     * @return {@code default/a is older (created …, default/b …)}, or {@code neither has a creationTimestamp (…), so
     *         the tie is broken as ingress-nginx breaks it: default/b sorts after default/a by namespace/name, and
     *         the last wins (implementation-defined)}
     */
    public static String whyFirst(String first, Instant firstCreated, String other, Instant otherCreated) {
        if (firstCreated.equals(otherCreated)) {
            return (firstCreated.equals(UNDATED)
                    ? "neither has a creationTimestamp (manifest files have none)"
                    : "both were created in the same second") + ", so the tie is broken as ingress-nginx breaks it:"
                    + " " + first + " sorts after " + other + " by namespace/name, and the last wins"
                    + " (implementation-defined)";
        }
        if (otherCreated.equals(UNDATED)) {
            return first + " is older (created " + firstCreated + "; " + other + " has no creationTimestamp, as in a"
                    + " manifest file, and counts as the newest)";
        }
        return first + " is older (created " + firstCreated + ", " + other + " " + otherCreated + ")";
    }

    /** {@link #whyFirst} for this object, which comes before {@code other}. */
    public String whyBefore(Origin other) {
        return whyFirst(objectName(), created, other.objectName(), other.created);
    }

    public static Origin defaultBackendOf(String kind, String namespace, String name, Instant created) {
        return new Origin(kind, namespace, name, created, DEFAULT_BACKEND, -1);
    }

    /** {@code namespace/name}: a key among objects of one kind; to show a person, use {@link #kindAndName()}. */
    public String objectName() {
        return namespace + "/" + name;
    }

    /**
     * {@code Ingress default/web} or {@code HTTPRoute default/web}: the object as a person is shown it. An HTTPRoute
     * made by {@code convert} keeps its Ingress's name, so {@code namespace/name} alone does not say which is meant;
     * the kind is written as {@code kubectl get} and {@code routes}'s OBJECT column write it.
     */
    public String kindAndName() {
        return kind + " " + objectName();
    }

    /** {@link #display()} after the kind: {@code Ingress default/web rule 0 path 1}, {@code HTTPRoute default/web
     * rule 0 match 0}, {@code Gateway default/lab listener 1}. */
    public String displayWithKind() {
        return kind + " " + display();
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
