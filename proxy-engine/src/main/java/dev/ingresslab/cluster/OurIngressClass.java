package dev.ingresslab.cluster;

import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/**
 * Our IngressClass ({@code ingress-lab}, controller {@code ingress-lab.dev/controller}): found, created when the
 * user asks, and never taken over when another controller owns a class of that name.
 */
public final class OurIngressClass {

    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    private OurIngressClass() {
    }

    /**
     * Makes sure the class exists when {@code create} is set, and says in one line how things stand.
     *
     * @param markDefault when creating, mark it the cluster's default class
     */
    public static String ensure(KubernetesClient client, TranslatorSettings settings, boolean create,
                                boolean markDefault) {
        IngressClass existing = client.network().v1().ingressClasses().withName(settings.className()).get();
        if (existing != null) {
            String controller = existing.getSpec() == null ? null : existing.getSpec().getController();
            if (!settings.controllerName().equals(controller)) {
                return "the IngressClass " + settings.className() + " belongs to the controller " + controller
                        + ": Ingress Lab leaves it alone, and serves only Ingresses without a class";
            }
            return "IngressClass " + settings.className() + " is ours" + (isDefault(existing)
                    ? " and the cluster's default" : "");
        }
        if (!create) {
            return "IngressClass " + settings.className() + " does not exist: Ingresses naming it are not served yet;"
                    + " create it with `ingress-lab up --create-class` (add --default-class to make it the default)";
        }
        client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                .withName(settings.className())
                .withAnnotations(markDefault ? Map.of(DEFAULT_CLASS_ANNOTATION, "true") : Map.of())
                .addToLabels("app.kubernetes.io/managed-by", "ingress-lab").endMetadata()
                .withNewSpec().withController(settings.controllerName()).endSpec().build()).create();
        return "created IngressClass " + settings.className() + (markDefault ? ", the cluster's default class" : "");
    }

    private static boolean isDefault(IngressClass ingressClass) {
        Map<String, String> annotations = ingressClass.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(DEFAULT_CLASS_ANNOTATION));
    }
}
