package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which Ingresses this controller serves (ingress-semantics.md §1, our choice §11.1): those whose class
 * resolves to an IngressClass with our controller name and, unless switched off, those with no class at all. Each
 * Ingress not served gets a {@link Diagnostic} saying why, and so does each class resolution a user may not expect.
 *
 * <p>The class is resolved as the cluster resolves it:
 * <ul>
 *   <li>the legacy annotation {@code kubernetes.io/ingress.class} takes precedence over {@code spec.ingressClassName}
 *       (ingress-nginx's store); the API server refuses to <em>create</em> an Ingress where both are set and differ
 *       ({@code ValidateIngressCreate}, pkg/apis/networking/validation), so from manifest files such an Ingress is
 *       refused, while one read from a cluster (made so by an update, which is not checked) is resolved by the
 *       annotation, with a note;</li>
 *   <li>an Ingress with neither gets the default IngressClass when it is created ({@link DefaultIngressClasses}): an
 *       Ingress read from a cluster already carries it, so a class-less one there was created before any class was
 *       default (said in a note); from manifest files, the class the cluster would give it is applied, and said.</li>
 * </ul>
 */
final class ClassSelector {

    static final String LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_CLASS_ANNOTATION = DefaultIngressClasses.ANNOTATION;

    /** Whether an Ingress is served; when not, why. */
    /** @param notOurs the Ingress belongs to another controller's class, or to none we serve: never write on it */
    record Verdict(boolean served, String reason, boolean notOurs) {
        static final Verdict SERVED = new Verdict(true, "", false);

        static Verdict refused(String reason) {
            return new Verdict(false, reason, false);
        }

        static Verdict notOurs(String reason) {
            return new Verdict(false, reason, true);
        }
    }

    private final TranslatorSettings settings;
    private final Map<String, IngressClass> classes = new HashMap<>();
    private final boolean classesGiven;
    private final boolean fromManifests;
    private final DefaultIngressClasses defaults;
    private final boolean ourClassIsDefault;

    /**
     * @param classesGiven  whether {@code ingressClasses} is all there is (a cluster, or files that hold classes)
     * @param fromManifests whether the Ingresses come from files (not yet created) rather than from a cluster
     */
    ClassSelector(TranslatorSettings settings, List<IngressClass> ingressClasses, boolean classesGiven,
                  boolean fromManifests) {
        this.settings = settings;
        ingressClasses.stream().filter(c -> c.getMetadata() != null && c.getMetadata().getName() != null)
                .forEach(c -> classes.put(c.getMetadata().getName(), c));
        this.classesGiven = classesGiven;
        this.fromManifests = fromManifests;
        this.defaults = DefaultIngressClasses.of(ingressClasses);
        IngressClass ours = classes.get(settings.className());
        this.ourClassIsDefault = ours != null && isOurs(ours)
                && "true".equals(Metadata.annotationsOf(ours).get(DEFAULT_CLASS_ANNOTATION));
    }

    Verdict select(Ingress ingress, Findings findings) {
        Map<String, String> annotations = Metadata.annotationsOf(ingress);
        String annotated = annotations.get(LEGACY_CLASS_ANNOTATION);
        String field = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (annotated != null && field != null && !annotated.equals(field)) {
            if (fromManifests) {
                String message = "Invalid value: \"" + annotated + "\": must match `ingressClassName` when both are"
                        + " specified";
                findings.warn(ingress, "annotations." + LEGACY_CLASS_ANNOTATION, "Invalid", message + ": the API"
                        + " server refuses to create it; keep spec.ingressClassName and remove the deprecated"
                        + " annotation");
                return Verdict.refused("the API server would refuse it: annotations." + LEGACY_CLASS_ANNOTATION
                        + ": " + message);
            }
            findings.info(ingress, "metadata.annotations", "ClassAnnotationWins", "the annotation "
                    + LEGACY_CLASS_ANNOTATION + " (" + annotated + ") takes precedence over spec.ingressClassName ("
                    + field + "), as in ingress-nginx; the API server refuses both on create but not on update:"
                    + " remove one of them");
        }
        String className = annotated != null ? annotated : field;
        if (className == null) {
            Optional<Verdict> defaulted = classless(ingress, findings);
            if (defaulted.isPresent()) {
                return defaulted.get();
            }
            className = defaults.chosen().map(c -> c.getMetadata().getName()).orElseThrow();
        }
        return byClass(ingress, className, findings);
    }

    /**
     * The verdict on an Ingress that names no class, or empty when it takes the default class (from files: what the
     * admission plugin would give it).
     */
    private Optional<Verdict> classless(Ingress ingress, Findings findings) {
        Optional<IngressClass> chosen = defaults.chosen();
        if (chosen.isPresent() && defaults.several()) {
            findings.warn(ingress, "spec.ingressClassName", "SeveralDefaultIngressClasses", "the IngressClasses "
                    + defaults.names() + " are all marked " + DEFAULT_CLASS_ANNOTATION + ": \"true\"; the API"
                    + " server gives an Ingress created without a class the newest, " + name(chosen.get())
                    + " (DefaultIngressClass admission); mark only one class as default");
        }
        if (chosen.isPresent() && fromManifests) {
            findings.info(ingress, "spec.ingressClassName", "DefaultIngressClass", "it names no IngressClass: on a"
                    + " cluster the DefaultIngressClass admission gives it the default class " + name(chosen.get())
                    + " (controller " + controllerOf(chosen.get()) + ") when it is created, and that class decides"
                    + " who serves it; set spec.ingressClassName to say which controller you mean");
            return Optional.empty();
        }
        if (chosen.isPresent()) {
            findings.info(ingress, "spec.ingressClassName", "NoIngressClass", "it has no class although "
                    + name(chosen.get()) + " is the default IngressClass: the API server gives the default only to"
                    + " an Ingress being created, so this one was created before " + name(chosen.get())
                    + " became default, and it stays class-less until you set spec.ingressClassName");
        }
        if (settings.serveClassless() || ourClassIsDefault) {
            return Optional.of(Verdict.SERVED);
        }
        String reason = "it names no IngressClass, and class-less Ingresses are not served (set"
                + " spec.ingressClassName: " + settings.className() + ")";
        findings.info(ingress, "spec.ingressClassName", "NoIngressClass", reason);
        return Optional.of(Verdict.notOurs(reason));
    }

    /** The verdict on an Ingress whose class is {@code className}, named or given by default. */
    private Verdict byClass(Ingress ingress, String className, Findings findings) {
        IngressClass ingressClass = classes.get(className);
        if (ingressClass == null) {
            if (!classesGiven && settings.servesClassName(className)) {
                return Verdict.SERVED;
            }
            if (classesGiven || className.equals(settings.className())) {
                String reason = "its IngressClass " + className + " does not exist";
                findings.warn(ingress, "spec.ingressClassName", "IngressClassNotFound", reason + ", so no controller"
                        + " serves it: create the IngressClass, or set spec.ingressClassName to an existing one"
                        + (classes.isEmpty() ? "" : " (" + String.join(", ", classes.keySet().stream().sorted()
                        .toList()) + ")"));
                // named after our class: ours, refused; named after another: that controller's, not ours to annotate
                return className.equals(settings.className()) ? Verdict.refused(reason) : Verdict.notOurs(reason);
            }
            String reason = "its class " + className + " is not ours (ours is " + settings.className() + ")";
            findings.info(ingress, "spec.ingressClassName", "IngressClassNotOurs", reason
                    + ": another controller serves it");
            return Verdict.notOurs(reason);
        }
        if (!isOurs(ingressClass)) {
            String reason = "its IngressClass " + className + " belongs to the controller " + controllerOf(ingressClass)
                    + ", not to Ingress Lab (" + settings.controllerName() + ")";
            findings.info(ingress, "spec.ingressClassName", "IngressClassNotOurs", reason
                    + ": that controller serves it");
            return Verdict.notOurs(reason);
        }
        return Verdict.SERVED;
    }

    private boolean isOurs(IngressClass ingressClass) {
        return settings.servesController(controllerOf(ingressClass));
    }

    private static String controllerOf(IngressClass ingressClass) {
        return ingressClass.getSpec() == null ? null : ingressClass.getSpec().getController();
    }

    private static String name(IngressClass ingressClass) {
        return ingressClass.getMetadata().getName();
    }
}
