package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Several demos from one data directory: two on different ports run side by side, each with its own kubeconfig
 * and context, and only the first keeps its objects; two started at the same instant on one port have one winner,
 * and the other fails before starting a sandbox; an unreadable saved sandbox is set aside, and the samples come.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoInstancesTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path data;

    private static ProxySettings on(int port) {
        return ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(port);
    }

    @Test
    void twoDemosOnDifferentPortsEachHaveTheirOwnKubeconfigAndContext() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        ByteArrayOutputStream secondOutput = new ByteArrayOutputStream();
        try (DemoSession first = DemoSession.start(new DemoOptions(data, false, false, null), on(freePort()), null,
                quiet());
             DemoSession second = DemoSession.start(new DemoOptions(data, false, false, null), on(freePort()), null,
                     new PrintStream(secondOutput, true, StandardCharsets.UTF_8))) {
            assertThat(first.sandbox().kubeconfig()).isEqualTo(data.resolve("sandbox").resolve("kubeconfig"));
            assertThat(first.sandbox().context()).isEqualTo("ingress-lab-sandbox");
            assertThat(second.sandbox().kubeconfig()).isEqualTo(data.resolve("sandbox").resolve("kubeconfig-2"));
            assertThat(second.sandbox().context()).isEqualTo("ingress-lab-sandbox-2");
            assertThat(secondOutput.toString(StandardCharsets.UTF_8)).contains("another demo runs the saved sandbox:"
                    + " demo on port ").contains("; this one is sandbox 2 (context ingress-lab-sandbox-2), and its"
                    + " objects are not kept when it stops");

            kubectl(first.sandbox().kubeconfig(), "create", "configmap", "in-the-first");
            kubectl(second.sandbox().kubeconfig(), "create", "configmap", "in-the-second");
            assertThat(kubectl(first.sandbox().kubeconfig(), "get", "configmaps", "-o", "name"))
                    .isEqualTo("configmap/in-the-first");
            assertThat(kubectl(second.sandbox().kubeconfig(), "get", "configmaps", "-o", "name"))
                    .isEqualTo("configmap/in-the-second");
            assertThat(kubectl(second.sandbox().kubeconfig(), "config", "current-context"))
                    .isEqualTo("ingress-lab-sandbox-2");
        }
        String saved = Files.readString(data.resolve("sandbox").resolve("objects.json"));
        assertThat(saved).contains("in-the-first").doesNotContain("in-the-second");
        try (var files = Files.list(data.resolve("sandbox"))) {
            assertThat(files.map(file -> file.getFileName().toString())).as("nothing else was saved")
                    .noneMatch(name -> name.startsWith("objects") && !name.equals("objects.json"));
        }
    }

    @Test
    void twoDemosStartedAtTheSameInstantOnOnePortHaveOneWinnerAndTheOtherFailsAtOnce() throws Exception {
        int port = freePort();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<DemoSession> started = new ArrayList<>();
        try {
            List<Future<DemoSession>> demos = new ArrayList<>();
            List<Long> failedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Long> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 2; i++) {
                demos.add(pool.submit(() -> {
                    go.await();
                    try {
                        DemoSession session = DemoSession.start(new DemoOptions(data, false, false, null), on(port),
                                null, quiet());
                        startedAt.add(System.nanoTime());
                        return session;
                    } catch (PortClaim.PortUnavailableException e) {
                        failedAt.add(System.nanoTime());
                        refusals.add(e.getMessage());
                        return null;
                    }
                }));
            }
            go.countDown();
            for (Future<DemoSession> demo : demos) {
                DemoSession session = demo.get(120, TimeUnit.SECONDS);
                if (session != null) {
                    started.add(session);
                }
            }
            assertThat(started).hasSize(1);
            assertThat(refusals).singleElement().asString().startsWith("port " + port + " is in use by another"
                    + " Ingress Lab");
            // at once: while the winner was still starting its sandbox (seconds), whatever the machine's load; a
            // bound in seconds would say more on a quiet machine and fail on a busy one
            assertThat(failedAt).singleElement().satisfies(at -> assertThat(at)
                    .as("failed before the winner's sandbox was up").isLessThan(startedAt.get(0)));
            assertThat(started.get(0).sandbox().kubeconfig()).as("the loser took no sandbox slot")
                    .isEqualTo(data.resolve("sandbox").resolve("kubeconfig"));
        } finally {
            started.forEach(DemoSession::close);
            pool.shutdownNow();
        }
    }

    @Test
    void anUnreadableSavedSandboxIsSetAsideAndTheSamplesAreDeployed() throws Exception {
        Path saved = data.resolve("sandbox").resolve("objects.json");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, false, "HTTP on port 0 (as asked)"),
                on(0), null, new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(demo.sandbox().client().network().v1().ingresses().inNamespace("default").list().getItems())
                    .as("the samples").hasSize(2);
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("HTTP on port 0 (as asked)\n").contains("the saved sandbox " + saved
                + " cannot be read (it is not JSON: ").contains("; it is kept as " + saved.getParent()
                .resolve("objects.unreadable-")).contains(" and the sandbox starts with the samples");
        try (var files = Files.list(saved.getParent())) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith("objects.unreadable-"))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })).containsExactly("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [");
        }
        assertThat(Files.readString(saved)).as("saved anew, with the samples").contains("host-ingress");
    }

    @Test
    void aSavedFileThatCannotBeOpenedStopsTheStartWithTheReasonAndFreshGetsPastIt() throws Exception {
        Path saved = data.resolve("sandbox").resolve("objects.json");
        Files.createDirectories(saved.resolve("in-the-way"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DemoSession.start(new DemoOptions(data, false, false, null), on(0), null, out))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot read the saved sandbox " + saved.toAbsolutePath() + ": it is a directory, not a"
                        + " file; nothing was changed: start with `demo --fresh`, which sets it aside");
        assertThat(saved.resolve("in-the-way")).isDirectory();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, false, true, null), on(0), null, out)) {
            assertThat(demo.sandbox().unrestored()).isEmpty();
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("--fresh: the saved sandbox is set aside as ");
        assertThat(saved).isRegularFile();
    }

    @Test
    void savedObjectsThatCannotBeRestoredAreNamedAndTheFileIsCopiedAsideFirst() throws Exception {
        Path saved = data.resolve("sandbox").resolve("objects.json");
        Files.createDirectories(saved.getParent());
        String content = """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mine", "namespace": "default"}},
                  {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GRPCRoute",
                   "metadata": {"name": "later", "namespace": "default"}}]}
                """;
        Files.writeString(saved, content);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, false, null), on(0), null,
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(demo.sandbox().client().configMaps().inNamespace("default").withName("mine").get())
                    .isNotNull();
            assertThat(demo.sandbox().client().network().v1().ingresses().inNamespace("default").list().getItems())
                    .as("a saved sandbox exists: the samples are not applied over it").isEmpty();
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(printed).as("only what was restored is counted").contains("restored the sandbox saved at ")
                .contains(": 1 ConfigMap (the samples are not applied again over it; `demo --fresh` starts clean)")
                .contains("1 saved entry was set aside, not restored: item 2 (GRPCRoute default/later): a kind this"
                        + " sandbox does not serve; the whole saved file is copied to " + saved.getParent()
                        .resolve("objects.partial-"));
        try (var files = Files.list(saved.getParent())) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith("objects.partial-")))
                    .singleElement().satisfies(copy -> assertThat(copy).hasContent(content));
        }
    }

    /** Defect 15: --empty with a saved sandbox restored it silently; the samples' absence must be plain. */
    @Test
    void emptyWithASavedSandboxSaysTheSavedObjectsAreRestoredAndHowToStartWithoutThem() throws Exception {
        Path saved = data.resolve("sandbox").resolve("objects.json");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mine", "namespace": "default"}}]}
                """);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, false, false, null), on(0), null,
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(demo.sandbox().client().configMaps().inNamespace("default").withName("mine").get())
                    .isNotNull();
            assertThat(demo.samplesPresent()).as("no sample curl commands to print").isFalse();
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("restored the sandbox saved at ")
                .contains("--empty: no samples are deployed, but the saved objects above are restored; to start"
                        + " without them, run `demo --empty --fresh`");
    }

    @Test
    void theSamplesArePresentWhenDeployedAndAbsentOnceTheUserDeletesThem() throws Exception {
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, false, null), on(0), null, quiet())) {
            assertThat(demo.samplesPresent()).isTrue();
            demo.sandbox().client().network().v1().ingresses().inNamespace("default").withName("path-ingress")
                    .delete();
            assertThat(demo.samplesPresent()).isFalse();
        }
    }

    /** Defect 15: --fresh set aside a new copy of the untouched samples every time. */
    @Test
    void freshDiscardsASavedSandboxThatHoldsOnlyTheSamplesAndSetsAsideOneWithTheUsersObjects() throws Exception {
        Path sandbox = data.resolve("sandbox");
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, false, null), on(0), null, quiet())) {
            assertThat(demo.samplesPresent()).isTrue();
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, true, null), on(0), null,
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("--fresh: the saved sandbox held only the"
                    + " samples, as this demo makes them again; it is discarded").doesNotContain("set aside");
            demo.sandbox().client().configMaps().inNamespace("default").resource(
                    new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("mine")
                            .endMetadata().addToData("k", "v").build()).create();
        }
        assertThat(setAside(sandbox)).as("nothing set aside so far").isZero();
        output.reset();
        try (DemoSession demo = DemoSession.start(new DemoOptions(data, true, true, null), on(0), null,
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("--fresh: the saved sandbox is set aside as");
        }
        assertThat(setAside(sandbox)).as("the user's ConfigMap is kept aside").isEqualTo(1);
    }

    private static long setAside(Path sandbox) throws IOException {
        try (var files = Files.list(sandbox)) {
            return files.filter(file -> file.getFileName().toString().startsWith("objects.set-aside-")).count();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
