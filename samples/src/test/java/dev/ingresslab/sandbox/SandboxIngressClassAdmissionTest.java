package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox's API server gives an Ingress its class as kube-apiserver does, driven by the real kubectl: the
 * DefaultIngressClass admission on create (newest default class; not when the annotation or the field is there; never
 * on update), and ValidateIngressCreate's refusal of an annotation and a field that differ.
 */
class SandboxIngressClassAdmissionTest {

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSandbox() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), Duration.ofSeconds(20), HttpWatch.Limits.DEFAULT);
        kubectl = new Kubectl(sandbox.kubeconfig());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Path manifest(String name, String text) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static Path ingress(String name, String annotations, String className) throws Exception {
        return manifest(name, """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                %s
                spec:
                %s
                  defaultBackend:
                    service:
                      name: web
                      port:
                        number: 80
                """.formatted(name, annotations.isEmpty() ? "" : "  annotations:\n" + annotations,
                className.isEmpty() ? "" : "  ingressClassName: " + className));
    }

    private static Path ingressClass(String name, String controller, boolean isDefault) throws Exception {
        return manifest("class-" + name, """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: %s
                %s
                spec:
                  controller: %s
                """.formatted(name, isDefault ? "  annotations:\n    ingressclass.kubernetes.io/is-default-class:"
                + " \"true\"" : "", controller));
    }

    private static String classOf(String name) throws Exception {
        return kubectl.ok("get", "ingress", name, "-o", "jsonpath={.spec.ingressClassName}");
    }

    @Test
    void anIngressCreatedWithoutAClassGetsTheNewestDefaultOnCreateOnly() throws Exception {
        kubectl.ok("create", "-f", ingress("before-default", "", "").toString());
        assertThat(classOf("before-default")).as("no default class yet").isEmpty();

        kubectl.ok("create", "-f", ingressClass("nginx", "k8s.io/ingress-nginx", true).toString());
        kubectl.ok("create", "-f", ingress("no-class", "", "").toString());
        assertThat(classOf("no-class")).as("the admission plugin sets it").isEqualTo("nginx");
        assertThat(kubectl.ok("get", "ingress", "no-class")).contains("nginx");

        assertThat(kubectl.ok("create", "-f", ingress("dry", "", "").toString(), "--dry-run=server", "-o",
                "jsonpath={.spec.ingressClassName}")).as("a server dry run is admitted too").isEqualTo("nginx");

        kubectl.ok("annotate", "ingress", "before-default", "touched=yes");
        kubectl.ok("apply", "-f", ingress("before-default", "    touched: \"again\"\n", "").toString());
        assertThat(classOf("before-default")).as("an update never gains a class").isEmpty();

        Thread.sleep(1_100); // creationTimestamps have whole seconds: the next class is newer
        kubectl.ok("create", "-f", ingressClass("zz-newer", "example.com/other", true).toString());
        kubectl.ok("create", "-f", ingress("two-defaults", "", "").toString());
        assertThat(classOf("two-defaults")).as("of several defaults, the newest").isEqualTo("zz-newer");

        kubectl.ok("create", "-f", ingress("annotated", "    kubernetes.io/ingress.class: nginx\n", "").toString());
        assertThat(classOf("annotated")).as("the annotation counts as a class").isEmpty();
        kubectl.ok("create", "-f", ingress("own-class", "", "ingress-lab").toString());
        assertThat(classOf("own-class")).as("a class named, even one that does not exist, is kept")
                .isEqualTo("ingress-lab");
    }

    @Test
    void anAnnotationAndAFieldThatDifferAreRefusedOnCreate() throws Exception {
        Kubectl.Run refused = kubectl.run("create", "-f", ingress("both", "    kubernetes.io/ingress.class: nginx\n",
                "ingress-lab").toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("The Ingress \"both\" is invalid: annotations.kubernetes.io/ingress.class:"
                + " Invalid value: \"nginx\": must match `ingressClassName` when both are specified");
        assertThat(kubectl.run("get", "ingress", "both").output()).contains("NotFound");

        kubectl.ok("create", "-f", ingress("both-same", "    kubernetes.io/ingress.class: ingress-lab\n",
                "ingress-lab").toString());
        assertThat(classOf("both-same")).as("the same value on both is allowed").isEqualTo("ingress-lab");
    }
}
