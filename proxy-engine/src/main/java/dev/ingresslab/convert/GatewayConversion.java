package dev.ingresslab.convert;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Gateway API objects an Ingress set converts to, and what could not be converted.
 *
 * @param gateway        the one Gateway (class {@code ingress-lab}): an {@code http} listener and an HTTPS listener per
 *                       TLS host
 * @param routes         the HTTPRoutes, in the order of the Ingresses and their hosts
 * @param grants         the ReferenceGrants that let the Gateway read TLS Secrets in other namespaces
 * @param untranslatable what the output does not carry, each with what to do; empty when everything converted
 */
public record GatewayConversion(Gateway gateway, List<HTTPRoute> routes, List<ReferenceGrant> grants,
                                List<Untranslatable> untranslatable) {

    public GatewayConversion {
        Objects.requireNonNull(gateway);
        routes = List.copyOf(routes);
        grants = List.copyOf(grants);
        untranslatable = List.copyOf(untranslatable);
    }

    /** Every object to apply, in the order to apply them: the Gateway, the grants, then the routes. */
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(gateway);
        all.addAll(grants);
        all.addAll(routes);
        return all;
    }
}
