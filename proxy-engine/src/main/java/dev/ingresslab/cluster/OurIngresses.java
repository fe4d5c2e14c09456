package dev.ingresslab.cluster;

import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.RouteTable;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Ingresses this controller may write on (Events, status): all but those of another controller's class, or of
 * no class we serve ({@link IgnoredIngress#notOurs()}). As ingress-nginx, whose class filter ({@code IsValid} in
 * {@code internal/ingress/controller/store/store.go}) drops such Ingresses before any sync, Events or status: the
 * verdict stays visible in explain, the CLI and the session's diagnostics, never on the other controller's object.
 */
final class OurIngresses {

    private OurIngresses() {
    }

    /** {@code namespace/name} of the Ingresses the table says are not ours. */
    static Set<String> notOurs(RouteTable table) {
        Set<String> names = new HashSet<>();
        for (IgnoredIngress ignored : table.ignored()) {
            if (ignored.notOurs()) {
                names.add(ignored.objectName());
            }
        }
        return names;
    }

    /** The Ingresses of {@code all} that are ours to write on, in their order. */
    static List<Ingress> of(List<Ingress> all, RouteTable table) {
        Set<String> notOurs = notOurs(table);
        return notOurs.isEmpty() ? all : all.stream().filter(i -> !notOurs.contains(objectName(i))).toList();
    }

    static String objectName(Ingress ingress) {
        return Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default") + "/"
                + ingress.getMetadata().getName();
    }
}
