package dev.ingresslab.manifest;

import dev.ingresslab.translate.GatewayApiInput;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.List;

/**
 * The objects read from manifest files, and notes about what was skipped.
 *
 * @param objects the objects translation reads, in the order read
 * @param notes   what was read but not used (a Deployment, a kind defined twice), in words
 */
public record ManifestSet(List<LoadedObject> objects, List<String> notes) {

    public ManifestSet {
        objects = List.copyOf(objects);
        notes = List.copyOf(notes);
    }

    /** The translation input: a kind is checked only when the files hold some of it. */
    public TranslationInput toInput() {
        return TranslationInput.ofManifests(ofType(Ingress.class), ofType(IngressClass.class), ofType(Service.class),
                ofType(EndpointSlice.class), ofType(Secret.class)).withGatewayApi(new GatewayApiInput(
                ofType(GatewayClass.class), ofType(Gateway.class), ofType(HTTPRoute.class),
                GatewayApiInput.referenceGrants(ofType(ReferenceGrant.class),
                        ofType(io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant.class))));
    }

    /** Where an object was read from, or null. */
    public SourceLocation locationOf(String kind, String namespace, String name) {
        return objects.stream()
                .filter(o -> o.object().getKind().equals(kind) && o.object().getMetadata().getName().equals(name)
                        && java.util.Objects.equals(namespace, o.object().getMetadata().getNamespace()))
                .map(LoadedObject::location).findFirst().orElse(null);
    }

    private <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().map(LoadedObject::object).filter(type::isInstance).map(type::cast).toList();
    }
}
