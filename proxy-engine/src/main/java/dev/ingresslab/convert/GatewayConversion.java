package dev.ingresslab.convert;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * The annotation on each converted HTTPRoute naming the Ingress it was made from: {@code Ingress namespace/name}
     * ({@link #CONVERTED_FROM_KIND} then the object's name).
     */
    public static final String CONVERTED_FROM = "ingress-lab.dev/converted-from";
    /** What the {@link #CONVERTED_FROM} annotation's value starts with, before the Ingress's {@code namespace/name}. */
    public static final String CONVERTED_FROM_KIND = "Ingress ";

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

    /**
     * The Ingress an object of a conversion was made from, as {@code namespace/name}, read from its {@link
     * #CONVERTED_FROM} annotation; empty for the Gateway, the ReferenceGrants and any object without the annotation.
     */
    public static Optional<String> convertedFrom(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata() == null ? null
                : object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(CONVERTED_FROM);
        return value != null && value.startsWith(CONVERTED_FROM_KIND)
                ? Optional.of(value.substring(CONVERTED_FROM_KIND.length())) : Optional.empty();
    }
}
