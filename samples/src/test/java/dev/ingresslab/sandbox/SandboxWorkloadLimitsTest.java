package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the sandbox does with replica counts a real cluster refuses or a laptop cannot run, and with a deleted
 * Namespace's objects, through the real kubectl: negative replicas are refused with the API server's words, one odd
 * Deployment in the store does not stop the others, the simulated pods are capped ({@link PodLimits}) with a Warning
 * and a condition that say so, and deleting a Namespace deletes what is in it.
 */
class SandboxWorkloadLimitsTest {

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSandbox() {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(sandbox.kubeconfig());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void negativeReplicasAreRefusedOnCreateReplaceAndPatchAsTheApiServerWordsIt() throws Exception {
        Kubectl.Run created = kubectl.run("apply", "-f", manifest("neg", "default", -1).toString());
        assertThat(created.exit()).isNotZero();
        assertThat(created.output()).contains("The Deployment \"neg\" is invalid: spec.replicas: Invalid value: -1:"
                + " must be greater than or equal to 0");
        assertThat(sandbox.client().apps().deployments().inNamespace("default").withName("neg").get()).isNull();

        kubectl.ok("apply", "-f", manifest("neg", "default", 1).toString());
        Kubectl.Run patched = kubectl.run("patch", "deployment", "neg", "-p", "{\"spec\":{\"replicas\":-2}}");
        assertThat(patched.exit()).isNotZero();
        assertThat(patched.output()).contains("spec.replicas: Invalid value: -2: must be greater than or equal to 0");
        Kubectl.Run replaced = kubectl.run("replace", "-f", manifest("neg", "default", -3).toString());
        assertThat(replaced.exit()).isNotZero();
        assertThat(replaced.output()).contains("spec.replicas: Invalid value: -3: must be greater than or equal to 0");
        assertThat(sandbox.client().apps().deployments().inNamespace("default").withName("neg").get().getSpec()
                .getReplicas()).isEqualTo(1);
    }

    @Test
    void aNegativeDeploymentStoredBehindTheApiServerDoesNotStopTheOthers() throws Exception {
        // stored past the checks, as a hand-edited snapshot is restored
        sandbox.client().apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("minus").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(-3).withNewSelector().addToMatchLabels("app", "minus").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "minus").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        awaitRunning("default", "app=minus", 0); // its ReplicaSet exists at 0, nothing thrown
        kubectl.ok("apply", "-f", manifest("plus", "default", 2).toString());
        awaitRunning("default", "app=plus", 2);
        String pod = kubectl.ok("get", "pods", "-l", "app=plus", "-o", "jsonpath={.items[0].metadata.name}");
        kubectl.ok("delete", "pod", pod, "--grace-period=0", "--force");
        await("a deleted pod of another Deployment is replaced", () -> running("default", "app=plus") == 2
                && sandbox.client().pods().inNamespace("default").withName(pod).get() == null);
    }

    @Test
    void aHugeScaleIsCappedAndSaysSoInAnEventAndTheDeploymentsCondition() throws Exception {
        kubectl.ok("apply", "-f", manifest("many", "default", 1).toString());
        awaitRunning("default", "app=many", 1);
        kubectl.ok("scale", "deployment", "many", "--replicas=100000");
        awaitRunning("default", "app=many", PodLimits.PER_DEPLOYMENT);
        Thread.sleep(1500); // no more come
        assertThat(sandbox.client().pods().inNamespace("default").withLabel("app", "many").list().getItems())
                .hasSize(PodLimits.PER_DEPLOYMENT);
        await("the condition is written", () -> {
            try {
                return kubectl.ok("describe", "deployment", "many").contains("ReplicaFailure");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(kubectl.ok("describe", "deployment", "many"))
                .containsPattern("ReplicaFailure\\s+True\\s+" + PodLimits.REASON)
                .contains("Warning  " + PodLimits.REASON)
                .contains("at most 20 simulated pods per Deployment");
        assertThat(kubectl.ok("get", "events", "--field-selector", "type=Warning,involvedObject.name=many"))
                .contains("20 of the 100000 replicas run; scale to 20 or fewer");

        kubectl.ok("scale", "deployment", "many", "--replicas=2");
        awaitRunning("default", "app=many", 2);
        await("the condition goes once the Deployment is within the cap", () -> {
            try {
                return !kubectl.ok("describe", "deployment", "many").contains("ReplicaFailure");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void aRestoredHugeDeploymentGetsTheSameCap() throws Exception {
        SandboxSnapshot saved = SandboxSnapshot.parse(("""
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "huge", "namespace": "default",
                   "uid": "4d1c2a55-0000-4000-8000-000000000001", "resourceVersion": "12",
                   "creationTimestamp": "2026-01-01T00:00:00Z", "generation": 1},
                   "spec": {"replicas": 100000, "selector": {"matchLabels": {"app": "huge"}},
                    "template": {"metadata": {"labels": {"app": "huge"}},
                     "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}]}
                """).getBytes(StandardCharsets.UTF_8));
        try (Sandbox restored = Sandbox.start(dir.resolve("restored-kubeconfig"), Sandbox.CONTEXT, saved, null,
                m -> { })) {
            await("the cap's pods run", () -> restored.client().pods().inNamespace("default").withLabel("app", "huge")
                    .list().getItems().stream().filter(SimulatedWorkloads::ready).count() == PodLimits.PER_DEPLOYMENT);
            Thread.sleep(1500);
            assertThat(restored.client().pods().inNamespace("default").withLabel("app", "huge").list().getItems())
                    .hasSize(PodLimits.PER_DEPLOYMENT);
            assertThat(new Kubectl(restored.kubeconfig()).ok("get", "events", "--field-selector", "type=Warning"))
                    .contains(PodLimits.REASON).contains("20 of the 100000 replicas run");
        }
    }

    @Test
    void allDeploymentsTogetherStopAtTheTotalCapAndTheOneHeldShortSaysSo() throws Exception {
        StringBuilder items = new StringBuilder();
        int deployments = PodLimits.TOTAL / PodLimits.PER_DEPLOYMENT + 1;
        for (int i = 0; i < deployments; i++) {
            items.append(i == 0 ? "" : ",").append("""
                    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d%1$d", "namespace":
                     "default", "uid": "4d1c2a55-0000-4000-8000-00000000010%1$d", "resourceVersion": "2%1$d",
                     "creationTimestamp": "2026-01-01T00:00:0%1$dZ", "generation": 1},
                     "spec": {"replicas": %2$d, "selector": {"matchLabels": {"app": "d%1$d"}},
                      "template": {"metadata": {"labels": {"app": "d%1$d"}},
                       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                    """.formatted(i, PodLimits.PER_DEPLOYMENT));
        }
        SandboxSnapshot saved = SandboxSnapshot.parse(("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": ["
                + items + "]}").getBytes(StandardCharsets.UTF_8));
        try (Sandbox restored = Sandbox.start(dir.resolve("total-kubeconfig"), Sandbox.CONTEXT, saved, null,
                m -> { })) {
            await("the total cap's pods run", () -> restored.client().pods().inNamespace("default").list().getItems()
                    .stream().filter(SimulatedWorkloads::ready).count() == PodLimits.TOTAL);
            Thread.sleep(1500);
            assertThat(restored.client().pods().inNamespace("default").list().getItems()).hasSize(PodLimits.TOTAL);
            Kubectl restoredKubectl = new Kubectl(restored.kubeconfig());
            assertThat(restoredKubectl.ok("get", "events", "--field-selector", "type=Warning"))
                    .contains(PodLimits.REASON).contains("at most 100 simulated pods in all");
            await("a Deployment held short has the condition", () -> restored.client().apps().deployments()
                    .inNamespace("default").list().getItems().stream().anyMatch(d -> d.getStatus() != null
                            && d.getStatus().getConditions() != null && d.getStatus().getConditions().stream()
                            .anyMatch(c -> "ReplicaFailure".equals(c.getType()))));
            String held = restored.client().apps().deployments().inNamespace("default").list().getItems().stream()
                    .filter(d -> d.getStatus() != null && d.getStatus().getConditions() != null
                            && d.getStatus().getConditions().stream()
                            .anyMatch(c -> "ReplicaFailure".equals(c.getType())))
                    .map(d -> d.getMetadata().getName()).findFirst().orElseThrow();
            assertThat(restoredKubectl.ok("describe", "deployment", held))
                    .containsPattern("ReplicaFailure\\s+True\\s+" + PodLimits.REASON)
                    .containsPattern("has reached that: \\d+ of the 20 replicas run");
        }
    }

    @Test
    void deletingANamespaceDeletesWhatIsInItAndItsPodsStop() throws Exception {
        Kubectl.Run ghost = kubectl.run("create", "configmap", "lost", "-n", "ghost-ns");
        assertThat(ghost.exit()).isNotZero();
        assertThat(ghost.output()).contains("namespaces \"ghost-ns\" not found");

        kubectl.ok("create", "namespace", "shop2");
        kubectl.ok("apply", "-f", manifest("web", "shop2", 1).toString());
        kubectl.ok("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", "shop2");
        kubectl.ok("create", "configmap", "settings", "--from-literal=a=b", "-n", "shop2");
        kubectl.ok("create", "secret", "generic", "token", "--from-literal=t=x", "-n", "shop2");
        kubectl.ok("create", "ingress", "web", "--rule=shop2.example/*=web:80", "-n", "shop2");
        awaitRunning("shop2", "app=web", 1);
        Pod pod = sandbox.client().pods().inNamespace("shop2").withLabel("app", "web").list().getItems().get(0);
        int port = Integer.parseInt(pod.getMetadata().getAnnotations().get(SimulatedWorkloads.PORT_ANNOTATION));
        assertThat(listens(port)).isTrue();

        assertThat(kubectl.ok("delete", "namespace", "shop2")).contains("namespace \"shop2\" deleted");
        assertThat(kubectl.run("get", "namespace", "shop2").output()).contains("namespaces \"shop2\" not found");
        assertThat(kubectl.ok("get", "deploy,rs,svc,cm,secret,ing", "-n", "shop2"))
                .isEqualTo("No resources found in shop2 namespace.");
        await("the pod is gone and its server stopped", () -> sandbox.client().pods().inNamespace("shop2").list()
                .getItems().isEmpty() && !listens(port));

        Kubectl.Run protectedOne = kubectl.run("delete", "namespace", "kube-system");
        assertThat(protectedOne.exit()).isNotZero();
        assertThat(protectedOne.output()).contains("namespaces \"kube-system\" is forbidden: this namespace may not"
                + " be deleted");
    }

    private static Path manifest(String name, String namespace, int replicas) throws Exception {
        Path file = dir.resolve(name + "-" + namespace + "-" + replicas + ".yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  replicas: %3$d
                  selector:
                    matchLabels:
                      app: %1$s
                  template:
                    metadata:
                      labels:
                        app: %1$s
                    spec:
                      containers:
                      - name: web
                        image: nginx
                """.formatted(name, namespace, replicas));
        return file;
    }

    private static long running(String namespace, String selector) {
        String[] pair = selector.split("=");
        return sandbox.client().pods().inNamespace(namespace).withLabels(Map.of(pair[0], pair[1])).list().getItems()
                .stream().filter(SimulatedWorkloads::ready).count();
    }

    private static void awaitRunning(String namespace, String selector, int count) throws InterruptedException {
        await(count + " pods " + selector + " running", () -> running(namespace, selector) == count);
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(until);
            Thread.sleep(100);
        }
    }

}
