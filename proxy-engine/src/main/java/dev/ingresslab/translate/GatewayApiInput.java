package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The Gateway API objects translation reads (issue #19), as fabric8 model objects ({@code
 * io.fabric8:kubernetes-model-gatewayapi}). The lists are not modified.
 *
 * @param gatewayClasses  {@code gateway.networking.k8s.io/v1} GatewayClasses (cluster-scoped)
 * @param gateways        v1 Gateways
 * @param httpRoutes      v1 HTTPRoutes
 * @param referenceGrants ReferenceGrants, as the v1beta1 model (v1 ones converted by {@link #referenceGrants}: the
 *                        spec is the same)
 */
public record GatewayApiInput(List<GatewayClass> gatewayClasses, List<Gateway> gateways, List<HTTPRoute> httpRoutes,
                              List<ReferenceGrant> referenceGrants) {

    /** No Gateway API objects: translation is the Ingress one alone. */
    public static final GatewayApiInput NONE = new GatewayApiInput(List.of(), List.of(), List.of(), List.of());

    public GatewayApiInput {
        gatewayClasses = List.copyOf(gatewayClasses);
        gateways = List.copyOf(gateways);
        httpRoutes = List.copyOf(httpRoutes);
        referenceGrants = List.copyOf(referenceGrants);
    }

    /** True when there is no Gateway API object at all. */
    public boolean isEmpty() {
        return gatewayClasses.isEmpty() && gateways.isEmpty() && httpRoutes.isEmpty() && referenceGrants.isEmpty();
    }

    /**
     * The v1beta1 ReferenceGrants and the v1 ones (Gateway API 1.3 and later serve both), as one list of the v1beta1
     * model: both versions have the same spec ({@code from}, {@code to}).
     */
    public static List<ReferenceGrant> referenceGrants(
            List<ReferenceGrant> v1beta1, List<io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant> v1) {
        List<ReferenceGrant> all = new ArrayList<>(v1beta1);
        for (io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant grant : v1) {
            all.add(new ReferenceGrantBuilder().withMetadata(grant.getMetadata()).withSpec(grant.getSpec()).build());
        }
        return all;
    }
}
