package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which Ingresses this controller serves (ingress-semantics.md §1, our choice §11.1): those whose class
 * resolves to an IngressClass with our controller name and, unless switched off, those with no class at all. The
 * legacy annotation {@code kubernetes.io/ingress.class} takes precedence over {@code spec.ingressClassName}.
 */
final class ClassSelector {

    static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    /** Whether an Ingress is served; when not, why. */
    record Verdict(boolean served, String reason) {
    }

    private final TranslatorSettings settings;
    private final Map<String, IngressClass> classes = new HashMap<>();
    private final boolean classesGiven;
    private final boolean ourClassIsDefault;

    ClassSelector(TranslatorSettings settings, List<IngressClass> ingressClasses, boolean classesGiven) {
        this.settings = settings;
        ingressClasses.forEach(c -> classes.put(c.getMetadata().getName(), c));
        this.classesGiven = classesGiven;
        IngressClass ours = classes.get(settings.className());
        this.ourClassIsDefault = ours != null && isOurs(ours)
                && "true".equals(Metadata.annotationsOf(ours).get(DEFAULT_CLASS_ANNOTATION));
    }

    Verdict select(Ingress ingress, Findings findings) {
        String annotated = Metadata.annotationsOf(ingress).get(LEGACY_CLASS_ANNOTATION);
        String field = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (annotated != null && field != null && !annotated.equals(field)) {
            findings.info(ingress, "metadata.annotations", "ClassAnnotationWins", "the annotation "
                    + LEGACY_CLASS_ANNOTATION + " (" + annotated + ") takes precedence over spec.ingressClassName ("
                    + field + "); remove one of them");
        }
        String className = annotated != null ? annotated : field;
        if (className == null) {
            if (settings.serveClassless() || ourClassIsDefault) {
                return new Verdict(true, "");
            }
            return new Verdict(false, "it names no IngressClass, and class-less Ingresses are not served "
                    + "(set spec.ingressClassName: " + settings.className() + ")");
        }
        IngressClass ingressClass = classes.get(className);
        if (ingressClass == null) {
            if (!classesGiven && className.equals(settings.className())) {
                return new Verdict(true, "");
            }
            return new Verdict(false, classesGiven || className.equals(settings.className())
                    ? "its IngressClass " + className + " does not exist"
                    : "its class " + className + " is not ours (ours is " + settings.className() + ")");
        }
        if (!isOurs(ingressClass)) {
            String controller = ingressClass.getSpec() == null ? null : ingressClass.getSpec().getController();
            return new Verdict(false, "its IngressClass " + className + " belongs to the controller " + controller
                    + ", not to Ingress Lab (" + settings.controllerName() + ")");
        }
        return new Verdict(true, "");
    }

    private boolean isOurs(IngressClass ingressClass) {
        return ingressClass.getSpec() != null
                && settings.controllerName().equals(ingressClass.getSpec().getController());
    }
}
