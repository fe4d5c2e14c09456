package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantFrom;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantTo;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;

import java.util.List;
import java.util.Objects;

/**
 * Whether a reference from one namespace into another is permitted (Gateway API {@code ReferenceGrant}, GEP-709): a
 * ReferenceGrant in the <em>target's</em> namespace must list the referring kind and namespace in {@code from} and the
 * target kind (and name, when given) in {@code to}. A reference within one namespace needs none.
 */
final class ReferenceGrants {

    private final List<ReferenceGrant> grants;

    ReferenceGrants(List<ReferenceGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    /**
     * @param fromGroup the referring object's API group ({@code gateway.networking.k8s.io})
     * @param fromKind  its kind ({@code HTTPRoute}, {@code Gateway})
     * @param toGroup   the target's group ({@code ""} for core: Service, Secret)
     * @param toKind    the target's kind
     */
    boolean permits(String fromGroup, String fromKind, String fromNamespace, String toGroup, String toKind,
                    String toNamespace, String toName) {
        if (fromNamespace.equals(toNamespace)) {
            return true;
        }
        for (ReferenceGrant grant : grants) {
            if (!Metadata.namespaceOf(grant).equals(toNamespace) || grant.getSpec() == null) {
                continue;
            }
            boolean from = grant.getSpec().getFrom() != null && grant.getSpec().getFrom().stream()
                    .anyMatch(f -> matchesFrom(f, fromGroup, fromKind, fromNamespace));
            boolean to = grant.getSpec().getTo() != null && grant.getSpec().getTo().stream()
                    .anyMatch(t -> matchesTo(t, toGroup, toKind, toName));
            if (from && to) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesFrom(ReferenceGrantFrom from, String group, String kind, String namespace) {
        return Objects.equals(nullToEmpty(from.getGroup()), group) && Objects.equals(from.getKind(), kind)
                && Objects.equals(from.getNamespace(), namespace);
    }

    private static boolean matchesTo(ReferenceGrantTo to, String group, String kind, String name) {
        return Objects.equals(nullToEmpty(to.getGroup()), group) && Objects.equals(to.getKind(), kind)
                && (to.getName() == null || to.getName().isEmpty() || to.getName().equals(name));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
