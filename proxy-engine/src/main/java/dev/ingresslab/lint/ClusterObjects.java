package dev.ingresslab.lint;

import dev.ingresslab.translate.InputKind;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What {@code lint --context} checks the files' Ingresses against: the cluster's Services, EndpointSlices, TLS
 * Secrets and IngressClasses, read once (list calls only: lint never writes to a cluster). Objects the files define
 * take the place of the cluster's of the same name, as {@code kubectl apply} of the files would make them.
 */
public final class ClusterObjects {

    private final List<IngressClass> classes;
    private final List<Service> services;
    private final List<EndpointSlice> slices;
    private final List<Secret> secrets;

    private ClusterObjects(List<IngressClass> classes, List<Service> services, List<EndpointSlice> slices,
                           List<Secret> secrets) {
        this.classes = classes;
        this.services = services;
        this.slices = slices;
        this.secrets = secrets;
    }

    /**
     * Reads the cluster's objects, in every namespace; of the Secrets, only TLS ones (an Ingress names no other, and
     * the others are none of lint's business).
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster cannot be reached or refuses
     */
    public static ClusterObjects read(KubernetesClient client) {
        return new ClusterObjects(client.network().v1().ingressClasses().list().getItems(),
                client.services().inAnyNamespace().list().getItems(),
                client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems(),
                client.secrets().inAnyNamespace().withField("type", "kubernetes.io/tls").list().getItems());
    }

    /** The files' input with the cluster's objects beside them; every kind is then known (a Service absent is missing). */
    public UnaryOperator<TranslationInput> merger() {
        return files -> new TranslationInput(files.ingresses(), merge(classes, files.ingressClasses()),
                merge(services, files.services()), merge(slices, files.endpointSlices()),
                merge(secrets, files.secrets()), EnumSet.allOf(InputKind.class), true);
    }

    private static <T extends HasMetadata> List<T> merge(List<T> cluster, List<T> files) {
        Map<String, T> byName = new LinkedHashMap<>();
        for (T object : cluster) {
            byName.put(key(object), object);
        }
        for (T object : files) {
            byName.put(key(object), object);
        }
        return new ArrayList<>(byName.values());
    }

    private static String key(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
    }
}
