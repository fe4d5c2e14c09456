package dev.ingresslab.core;

import dev.ingresslab.translate.InputKind;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A cluster's objects as one {@link TranslationInput}, read now with LIST calls only (nothing is written or
 * watched): the Ingresses, Services, EndpointSlices and TLS Secrets of the namespaces a session watches (all of them
 * when it names none), and the cluster's IngressClasses. The cluster is authoritative: every kind counts as given,
 * so a Service absent is a missing Service, as in the controller's own snapshots.
 */
final class ClusterInput {

    private ClusterInput() {
    }

    /**
     * @param namespaces the namespaces to read; empty for all
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot be asked or refuses
     */
    static TranslationInput read(KubernetesClient client, List<String> namespaces) {
        return new TranslationInput(
                list(client.network().v1().ingresses(), namespaces),
                client.network().v1().ingressClasses().list().getItems(),
                list(client.services(), namespaces),
                list(client.discovery().v1().endpointSlices(), namespaces),
                // an Ingress names no other kind of Secret, and the others are none of a conversion's business
                list(client.secrets(), namespaces).stream().filter(secret -> "kubernetes.io/tls".equals(
                        secret.getType())).toList(),
                EnumSet.allOf(InputKind.class));
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> list(
            MixedOperation<T, L, ? extends Resource<T>> kind, List<String> namespaces) {
        if (namespaces.isEmpty()) {
            return kind.inAnyNamespace().list().getItems();
        }
        List<T> all = new ArrayList<>();
        namespaces.forEach(namespace -> all.addAll(kind.inNamespace(namespace).list().getItems()));
        return all;
    }
}
