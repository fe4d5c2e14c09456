package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IngressClass resolution as the API server and its DefaultIngressClass admission do it (#14 §2): from files, what
 * the cluster would do when the Ingress is created; from a cluster, what it did. Each case has its verdict, a
 * Diagnostic, and its line in explain (the ignored Ingress's reason).
 */
class IngressClassResolutionTest {

    private static final String NGINX = "k8s.io/ingress-nginx";
    private static final String OURS = TranslatorSettings.CONTROLLER_NAME;

    private static IngressClass ingressClass(String name, String controller, boolean isDefault, String created) {
        return new IngressClassBuilder().withNewMetadata().withName(name).withCreationTimestamp(created)
                .withAnnotations(isDefault ? Map.of("ingressclass.kubernetes.io/is-default-class", "true") : Map.of())
                .endMetadata().withNewSpec().withController(controller).endSpec().build();
    }

    private static Ingress classless() {
        return TestIngress.named("app").rule("app.example.com", p -> p.prefix("/", "web")).build();
    }

    private record Result(Translation translation, Decision decision) {
        List<String> reasons() {
            return translation.diagnosticsOf("default", "app").stream().map(Diagnostic::reason).toList();
        }

        Diagnostic diagnostic(String reason) {
            return translation.diagnosticsOf("default", "app").stream().filter(d -> d.reason().equals(reason))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + reason + " in " + reasons()));
        }

        String ignoredBecause() {
            return decision.trace().stream().filter(e -> e.verdict() == dev.ingresslab.route.TraceEntry.Verdict.IGNORED)
                    .map(dev.ingresslab.route.TraceEntry::reason).findFirst().orElse("");
        }
    }

    private static Result run(boolean fromFiles, Ingress ingress, IngressClass... classes) {
        List<IngressClass> all = new ArrayList<>(List.of(classes));
        TranslationInput input = fromFiles
                ? TranslationInput.ofManifests(List.of(ingress), all, List.of(), List.of(), List.of())
                : TranslationInput.ofCluster(List.of(ingress), all, List.of(), List.of(), List.of());
        Translation translation = new IngressTranslator(TranslatorSettings.defaults()).translate(input);
        return new Result(translation, new Explainer(translation.table())
                .explain(SimpleRequest.get("http://app.example.com/")));
    }

    @Test
    void fromFilesAClasslessIngressTakesTheDefaultClassOfAnotherControllerAsTheClusterWouldGiveIt() {
        Result result = run(true, classless(), ingressClass("nginx", NGINX, true, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().outcome()).as("the issue's example: not ours, so not routed")
                .isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.diagnostic("DefaultIngressClass").message()).contains("on a cluster the DefaultIngressClass"
                + " admission gives it the default class nginx (controller k8s.io/ingress-nginx) when it is created");
        assertThat(result.diagnostic("IngressClassNotOurs").message())
                .contains("its IngressClass nginx belongs to the controller k8s.io/ingress-nginx");
        assertThat(result.ignoredBecause()).isEqualTo("its IngressClass nginx belongs to the controller"
                + " k8s.io/ingress-nginx, not to Ingress Lab (ingress-lab.dev/controller)");
    }

    @Test
    void fromFilesAClasslessIngressTakesOurClassWhenItIsTheDefault() {
        Result result = run(true, classless(), ingressClass("ingress-lab", OURS, true, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().outcome()).isEqualTo(Outcome.ROUTED);
        assertThat(result.reasons()).containsExactly("DefaultIngressClass");
    }

    @Test
    void fromAClusterAClasslessIngressPredatesTheDefaultAndStaysClassless() {
        Result result = run(false, classless(), ingressClass("nginx", NGINX, true, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().route()).as("class-less Ingresses are served by default (§11.1)").isNotNull();
        assertThat(result.diagnostic("NoIngressClass").message()).contains("it has no class although nginx is the"
                + " default IngressClass: the API server gives the default only to an Ingress being created");
    }

    @Test
    void fromAClusterTheClassTheAdmissionGaveDecides() {
        Ingress admitted = TestIngress.named("app").className("nginx").rule("app.example.com",
                p -> p.prefix("/", "web")).build();
        Result result = run(false, admitted, ingressClass("nginx", NGINX, true, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.reasons()).containsExactly("IngressClassNotOurs");
    }

    @Test
    void ofSeveralDefaultClassesTheNewestIsGivenAndTheAmbiguityIsWarned() {
        Result result = run(true, classless(),
                ingressClass("ingress-lab", OURS, true, "2026-01-01T00:00:00Z"),
                ingressClass("nginx", NGINX, true, "2026-02-01T00:00:00Z"));

        assertThat(result.decision().outcome()).as("nginx is the newer default").isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.diagnostic("SeveralDefaultIngressClasses").severity())
                .isEqualTo(Diagnostic.Severity.WARNING);
        assertThat(result.diagnostic("SeveralDefaultIngressClasses").message()).contains("the IngressClasses nginx"
                + " and ingress-lab are all marked").contains("gives an Ingress created without a class the newest,"
                + " nginx");

        Result tie = run(true, classless(), ingressClass("b-nginx", NGINX, true, "2026-01-01T00:00:00Z"),
                ingressClass("a-lab", OURS, true, "2026-01-01T00:00:00Z"));
        assertThat(tie.decision().outcome()).as("of equal age, the first name: a-lab, ours").isEqualTo(Outcome.ROUTED);
    }

    @Test
    void fromFilesAnAnnotationAndAFieldThatDifferAreRefusedAsTheApiServerRefusesThem() {
        Ingress both = TestIngress.named("app").className("ingress-lab").annotate("kubernetes.io/ingress.class",
                "nginx").rule("app.example.com", p -> p.prefix("/", "web")).build();
        Result result = run(true, both, ingressClass("ingress-lab", OURS, false, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.diagnostic("Invalid").field()).isEqualTo("annotations.kubernetes.io/ingress.class");
        assertThat(result.ignoredBecause()).isEqualTo("the API server would refuse it:"
                + " annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match `ingressClassName`"
                + " when both are specified");

        Ingress same = TestIngress.named("app").className("ingress-lab").annotate("kubernetes.io/ingress.class",
                "ingress-lab").rule("app.example.com", p -> p.prefix("/", "web")).build();
        assertThat(run(true, same, ingressClass("ingress-lab", OURS, false, "2026-01-01T00:00:00Z")).decision()
                .outcome()).as("the same value on both is allowed").isEqualTo(Outcome.ROUTED);
    }

    @Test
    void fromAClusterTheAnnotationWinsOverADifferentField() {
        Ingress both = TestIngress.named("app").className("nginx").annotate("kubernetes.io/ingress.class",
                "ingress-lab").rule("app.example.com", p -> p.prefix("/", "web")).build();
        Result result = run(false, both, ingressClass("ingress-lab", OURS, false, "2026-01-01T00:00:00Z"),
                ingressClass("nginx", NGINX, false, "2026-01-01T00:00:00Z"));

        assertThat(result.decision().route()).as("updated into this state; ingress-nginx reads the annotation")
                .isNotNull();
        assertThat(result.reasons()).contains("ClassAnnotationWins").doesNotContain("IngressClassNotOurs", "Invalid");
    }

    @Test
    void aClassThatDoesNotExistIsWarnedAndNotServed() {
        Ingress missing = TestIngress.named("app").className("nginx-internal").rule("app.example.com",
                p -> p.prefix("/", "web")).build();
        for (boolean fromFiles : List.of(true, false)) {
            Result result = run(fromFiles, missing, ingressClass("ingress-lab", OURS, false, "2026-01-01T00:00:00Z"));
            assertThat(result.decision().outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(result.diagnostic("IngressClassNotFound").severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(result.diagnostic("IngressClassNotFound").message()).contains("its IngressClass nginx-internal"
                    + " does not exist, so no controller serves it").contains("(ingress-lab)");
            assertThat(result.ignoredBecause()).isEqualTo("its IngressClass nginx-internal does not exist");
        }
    }

    @Test
    void aClassOfAnotherControllerIsNotServedAndSaysWhose() {
        Ingress theirs = TestIngress.named("app").className("traefik").rule("app.example.com",
                p -> p.prefix("/", "web")).build();
        Result result = run(false, theirs, ingressClass("traefik", "traefik.io/ingress-controller", false,
                "2026-01-01T00:00:00Z"));
        assertThat(result.decision().outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.diagnostic("IngressClassNotOurs").severity()).isEqualTo(Diagnostic.Severity.INFO);
        assertThat(result.ignoredBecause()).contains("belongs to the controller traefik.io/ingress-controller");

        Result noClassesInFiles = run(true, theirs);
        assertThat(noClassesInFiles.ignoredBecause()).isEqualTo("its class traefik is not ours (ours is ingress-lab)");
        assertThat(noClassesInFiles.reasons()).containsExactly("IngressClassNotOurs");
    }
}
