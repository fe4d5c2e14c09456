package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The IngressClasses annotated {@code ingressclass.kubernetes.io/is-default-class: "true"}, and the one the API
 * server's DefaultIngressClass admission plugin gives a class-less Ingress when it is created (kubernetes
 * {@code plugin/pkg/admission/network/defaultingressclass/admission.go}, {@code getDefaultClass}): the newest by
 * creationTimestamp, of equal ones the first by name. Since Kubernetes 1.28; before, several defaults made the
 * create fail.
 *
 * @param all the default classes, the one chosen first
 */
record DefaultIngressClasses(List<IngressClass> all) {

    static final String ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    /** The admission plugin's order: newest first (undated counts as newest), then by name. */
    private static final Comparator<IngressClass> CHOSEN_FIRST = Comparator
            .comparing((IngressClass c) -> Metadata.createdOf(c)).reversed()
            .thenComparing(c -> c.getMetadata().getName());

    DefaultIngressClasses {
        all = List.copyOf(all);
    }

    static DefaultIngressClasses of(List<IngressClass> classes) {
        return new DefaultIngressClasses(classes.stream()
                .filter(c -> c.getMetadata() != null && c.getMetadata().getName() != null)
                .filter(c -> "true".equals(Metadata.annotationsOf(c).get(ANNOTATION)))
                .sorted(CHOSEN_FIRST).toList());
    }

    /** The class a class-less Ingress gets when created, if any class is default. */
    Optional<IngressClass> chosen() {
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    boolean several() {
        return all.size() > 1;
    }

    /** {@code a, b and c}: the names, the chosen one first. */
    String names() {
        List<String> names = all.stream().map(c -> c.getMetadata().getName()).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
