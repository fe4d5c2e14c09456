package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Gateway API's CRDs on fabric8's CRUD mock API server, which serves a CRD's kind (and lists it in discovery) once
 * the CRD is created. Only what the mock reads: group, names, scope, one served and stored version {@code v1}.
 */
final class GatewayApiCrds {

    private GatewayApiCrds() {
    }

    /** Creates the CRDs of GatewayClass, Gateway and HTTPRoute. */
    static void installCore(KubernetesClient client) {
        install(client, "gatewayclasses", "GatewayClass", "Cluster");
        install(client, "gateways", "Gateway", "Namespaced");
        install(client, "httproutes", "HTTPRoute", "Namespaced");
    }

    /** Creates one CRD of {@code gateway.networking.k8s.io}: {@code scope} is Cluster or Namespaced. */
    static void install(KubernetesClient client, String plural, String kind, String scope) {
        String group = GatewayApiSupport.GROUP;
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName(plural + "." + group).endMetadata().withNewSpec().withGroup(group).withScope(scope)
                .withNewNames().withPlural(plural).withKind(kind).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSubresources()
                .withNewStatus().endStatus().endSubresources().withNewSchema().withNewOpenAPIV3Schema()
                .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
}
