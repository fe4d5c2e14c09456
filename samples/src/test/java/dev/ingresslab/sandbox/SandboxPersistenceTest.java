package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sandbox started from its saved objects: the same objects with the same metadata, resourceVersions that keep
 * meaning what they meant, the Deployments' pods simulated again, objects it cannot serve reported; saving that
 * fails is said, and the sandbox goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxPersistenceTest {

    @TempDir
    Path dir;

    private static Ingress ingress(String name) {
        return new IngressBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNewDefaultBackend().withNewService().withName("alpaca").withNewPort()
                .withNumber(8080).endPort().endService().endDefaultBackend().endSpec().build();
    }

    @Test
    void restoresTheSameObjectsAndTheirVersionsKeepTheirMeaning() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("objects.json"));
        Ingress first;
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, null, file, message -> { })) {
            first = sandbox.client().resource(ingress("kept")).create();
            for (int i = 0; i < 20; i++) { // move the version counter well past the ingress's
                sandbox.client().resource(new ConfigMapBuilder().withNewMetadata().withName("c" + i)
                        .withNamespace("default").endMetadata().build()).create();
            }
            sandbox.client().configMaps().inNamespace("default").withName("c0").delete();
        }
        SandboxSnapshot saved = ((SnapshotFile.Found) file.load()).snapshot();
        assertThat(saved.summary()).isEqualTo("19 ConfigMaps, 1 Ingress");

        try (Sandbox again = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, saved, file, message -> { })) {
            Ingress restored = again.client().network().v1().ingresses().inNamespace("default").withName("kept").get();
            assertThat(restored.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
            assertThat(restored.getMetadata().getCreationTimestamp()).isEqualTo(first.getMetadata()
                    .getCreationTimestamp());
            assertThat(restored.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
            assertThat(again.client().configMaps().inNamespace("default").withName("c0").get()).isNull();
            assertThat(again.client().namespaces().list().getItems()).as("the built-in namespaces, once each")
                    .hasSize(4);

            // a write made now gets a version above every restored one, so an old version stays stale
            Ingress changed = again.client().resource(restored).edit(ingress -> new IngressBuilder(ingress)
                    .editMetadata().addToAnnotations("changed", "yes").endMetadata().build());
            long newest = Long.parseLong(changed.getMetadata().getResourceVersion());
            long highestRestored = saved.objects().stream().mapToLong(object -> Long.parseLong(object.path("metadata")
                    .path("resourceVersion").asString("0"))).max().orElseThrow();
            assertThat(newest).isGreaterThan(highestRestored);
            assertThatThrownBy(() -> again.client().resource(restored).update())
                    .isInstanceOf(KubernetesClientException.class).satisfies(e ->
                            assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        }
    }

    @Test
    void deploymentsGetTheirPodsAgainAndStalePodsAreNotRestored() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("objects.json"));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, null, file, message -> { })) {
            sandbox.client().load(Files.newInputStream(Path.of("ch8", "services.yaml"))).create();
            awaitPods(sandbox, 7);
        }
        SandboxSnapshot saved = ((SnapshotFile.Found) file.load()).snapshot();
        assertThat(saved.summary()).isEqualTo("3 Deployments, 3 Services");
        try (Sandbox again = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, saved, file, message -> { })) {
            awaitPods(again, 7);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (again.client().discovery().v1().endpointSlices().inNamespace("default").list().getItems().size() != 7
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(again.client().discovery().v1().endpointSlices().inNamespace("default").list().getItems())
                    .as("one slice per running pod, none left from the last run").hasSize(7)
                    .allSatisfy(slice -> assertThat(again.client().pods().inNamespace("default")
                            .withName(slice.getEndpoints().get(0).getTargetRef().getName()).get()).isNotNull());
        }
    }

    @Test
    void objectsOfAKindTheSandboxDoesNotServeAreReportedNotDroppedAndHugeVersionsDoNotHoldTheStart() throws Exception {
        SandboxSnapshot saved = SandboxSnapshot.parse(("""
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "fine", "namespace": "default",
                   "resourceVersion": "7"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "hand-edited",
                   "namespace": "default", "resourceVersion": "999999999999999"}},
                  {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GRPCRoute",
                   "metadata": {"name": "later", "namespace": "default"}},
                  {"apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
                   "metadata": {"name": "grant", "namespace": "default"}, "spec": {"from": [{"group":
                    "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "team"}],
                    "to": [{"group": "", "kind": "Service"}]}},
                  {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "ReferenceGrant",
                   "metadata": {"name": "grant", "namespace": "default"}, "spec": {"from": [{"group":
                    "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "other"}],
                    "to": [{"group": "", "kind": "Service"}]}}]}
                """).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long started = System.nanoTime();
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, saved, null, m -> { })) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a hand-edited huge version does not hold"
                    + " the start-up").isLessThan(Duration.ofSeconds(30));
            assertThat(sandbox.unrestored()).containsExactly(
                    "item 3 (GRPCRoute default/later): a kind this sandbox does not serve",
                    "item 5 (ReferenceGrant default/grant): a second entry for the same object (the first one is"
                            + " restored)");
            var grant = sandbox.client().genericKubernetesResources("gateway.networking.k8s.io/v1", "ReferenceGrant")
                    .inNamespace("default").withName("grant").get();
            assertThat(grant).as("a hand-written v1beta1 ReferenceGrant is stored as v1, the one version kept")
                    .isNotNull();
            assertThat(grant.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
            assertThat(grant.toString()).as("the first entry's").contains("namespace=team").doesNotContain("other");
            assertThat(sandbox.client().configMaps().inNamespace("default").withName("fine").get().getMetadata()
                    .getResourceVersion()).isEqualTo("7");
        }
    }

    @Test
    void aSaveThatFailsIsSaidOnceAndTheSandboxGoesOn() throws Exception {
        Path blocked = dir.resolve("objects.json");
        Files.createDirectories(blocked.resolve("in-the-way")); // a non-empty folder where the file should go
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, null,
                new SnapshotFile(blocked), problems::add)) {
            for (int i = 0; i < 3; i++) {
                sandbox.client().resource(new ConfigMapBuilder().withNewMetadata().withName("c" + i)
                        .withNamespace("default").endMetadata().build()).create();
                if (i == 0) { // the first save fails, and says so: wait for it, a busy machine saves late
                    await("the failed save said", () -> !problems.isEmpty());
                }
                Thread.sleep(Sandbox.SAVE_DELAY.toMillis() * 2); // the next fails too, and must say nothing more
            }
            assertThat(sandbox.client().configMaps().inNamespace("default").list().getItems()).hasSize(3);
        }
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).isEqualTo("cannot save the sandbox's objects to " + blocked.toAbsolutePath()
                + ": Is a directory (the last saved state stays; check the folder's permissions and free space)");
        assertThat(problems.get(1)).as("stopping says the changes are lost").isEqualTo("stopped without saving the"
                + " latest changes to " + blocked.toAbsolutePath() + " (Is a directory): they are lost; the file keeps"
                + " what it held when this demo started");
    }

    @Test
    void aReadOnlyFolderIsNamedWithTheReasonNotATemporaryPath() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("sandbox"));
        Path file = folder.resolve("objects.json");
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, null, new SnapshotFile(file),
                problems::add);
        try {
            await("the first save", () -> Files.exists(file));
            folder.toFile().setWritable(false, false);
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder), "running as a user who may"
                    + " write anywhere (root)");
            sandbox.client().resource(new ConfigMapBuilder().withNewMetadata().withName("late")
                    .withNamespace("default").endMetadata().build()).create();
            await("the failed save said", () -> !problems.isEmpty());
        } finally {
            sandbox.close();
            folder.toFile().setWritable(true, false);
        }
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).isEqualTo("cannot save the sandbox's objects to " + file.toAbsolutePath()
                + ": permission denied (the last saved state stays; check the folder's permissions and free space)");
        assertThat(problems.get(1)).startsWith("stopped without saving the latest changes to " + file.toAbsolutePath()
                + " (permission denied): they are lost; the file keeps the state saved at ");
    }

    @Test
    void aBadEntryIsSetAsideWithItsReasonAndEverythingElseIsRestored() throws Exception {
        Path path = dir.resolve("objects.json");
        String content = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dup", "namespace": "default",
                   "uid": "00000000-0000-0000-0000-0000000f4240"}, "data": {"which": "first"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dup", "namespace": "default"},
                   "data": {"which": "second"}},
                  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "abc", "namespace": "default"},
                   "spec": {"replicas": "abc", "selector": {"matchLabels": {"app": "abc"}},
                    "template": {"metadata": {"labels": {"app": "abc"}},
                     "spec": {"containers": [{"name": "c", "image": "i"}]}}}},
                  42,
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "default"}},
                  {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "upper",
                   "namespace": "default"}, "spec": {"rules": [{"host": "UPPER_case!!", "http": {"paths": [
                    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "s",
                     "port": {"number": 80}}}}]}}]}},
                  {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "default"}},
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "other", "namespace": "default"}}]}
                """;
        Files.writeString(path, content);
        SnapshotFile file = new SnapshotFile(path);
        SnapshotFile.Found found = (SnapshotFile.Found) file.load();
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, found.snapshot(), file,
                m -> { })) {
            assertThat(sandbox.unrestored()).hasSize(6);
            assertThat(sandbox.unrestored().get(0)).isEqualTo("item 2 (ConfigMap default/dup): a second entry for"
                    + " the same object (the first one is restored)");
            assertThat(sandbox.unrestored().get(1)).startsWith("item 3 (Deployment default/abc): the API server would"
                    + " refuse it: Deployment in version \"v1\" cannot be handled as a Deployment: ");
            assertThat(sandbox.unrestored().get(2)).isEqualTo("item 4 (42): it is not an object");
            assertThat(sandbox.unrestored().get(3)).isEqualTo("item 5 (ConfigMap default/?): it has no apiVersion,"
                    + " kind or metadata.name");
            assertThat(sandbox.unrestored().get(4)).startsWith("item 6 (Ingress default/upper): the API server would"
                    + " refuse it: ").contains("UPPER_case!!");
            assertThat(sandbox.unrestored().get(5)).isEqualTo("item 7 (Widget default/w): a kind this sandbox does"
                    + " not serve");
            assertThat(sandbox.restoredSummary()).isEqualTo("2 ConfigMaps");
            assertThat(sandbox.client().configMaps().inNamespace("default").withName("dup").get().getData())
                    .containsEntry("which", "first");
            assertThat(sandbox.client().apps().deployments().inNamespace("default").list().getItems()).isEmpty();
            assertThat(sandbox.unrestoredCopy()).hasValueSatisfying(copy -> assertThat(copy).hasContent(content));
        }
    }

    @Test
    void aNewObjectNeverGetsTheUidOfARestoredOne() throws Exception {
        // fabric8's mock counts uids (00000000-0000-0000-0000-00000000008f) from 0 in each process
        SandboxSnapshot saved = SandboxSnapshot.parse("""
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "old", "namespace": "default",
                   "uid": "00000000-0000-0000-0000-000000989680"}}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), Sandbox.CONTEXT, saved, null, m -> { })) {
            String made = sandbox.client().resource(new ConfigMapBuilder().withNewMetadata().withName("new")
                    .withNamespace("default").endMetadata().build()).create().getMetadata().getUid();
            assertThat(ObjectStore.counterUid(made)).as(made).isGreaterThan(10_000_000L);
        }
    }

    @Test
    void aStoppedSandboxsKubeconfigNoLongerPointsAtItsPort() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        String url;
        try (Sandbox sandbox = Sandbox.start(kubeconfig)) {
            url = sandbox.apiServerUrl();
            assertThat(SandboxKubeconfig.server(kubeconfig)).contains(url);
        }
        assertThat(SandboxKubeconfig.server(kubeconfig)).contains(SandboxKubeconfig.STOPPED_SERVER);
        assertThat(Files.readString(kubeconfig)).startsWith("# The Ingress Lab sandbox this file pointed at (" + url
                + ") stopped at ").contains("current-context: ingress-lab-sandbox");
        // another sandbox's file is never marked by this one
        SandboxKubeconfig.write(kubeconfig, Sandbox.CONTEXT, "https://127.0.0.1:1", null, "t");
        SandboxKubeconfig.markStopped(kubeconfig, Sandbox.CONTEXT, url);
        assertThat(SandboxKubeconfig.server(kubeconfig)).contains("https://127.0.0.1:1");
    }

    /** Waits (at most 20 s: saves are debounced, and late on a busy machine) until {@code done}; fails if not. */
    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).as("within 20 s: " + what).isTrue();
    }

    private static void awaitPods(Sandbox sandbox, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> names = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            names = sandbox.client().pods().inNamespace("default").list().getItems().stream()
                    .map(pod -> pod.getMetadata().getName()).toList();
            if (names.size() == count) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(names).hasSize(count);
    }
}
