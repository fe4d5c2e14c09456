package dev.ingresslab.cli;

import dev.ingresslab.core.SampleDeployer;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #11 §6: no command acts on a cluster the user did not name. The kubeconfig's current context points at a real
 * (mock) API server holding one of our sample Ingresses; every command given a context the kubeconfig lacks, or no
 * context when none is current, must refuse with exit code 2 and the list of contexts, and leave that cluster alone.
 */
@EnableKubernetesMockClient(crud = true)
class NamedClusterTest {

    KubernetesClient client;

    @TempDir
    Path dir;

    private String savedKubeconfigProperty;

    /** The commands that act on a cluster, with what each needs to run without waiting. */
    private static final Map<String, List<String>> COMMANDS = Map.of(
            "up", List.of("up", "--http-port", "0", "--https-port", "off", "--log", "off"),
            "deploy", List.of("samples", "deploy", "--step", "simple", "--no-wait"),
            "delete", List.of("samples", "delete", "--step", "simple"));

    @BeforeEach
    void oneOfOurSampleIngressesInTheCurrentContext() {
        // what fabric8 reads as KUBECONFIG; the tests that set it restore it
        savedKubeconfigProperty = System.getProperty("kubeconfig");
        client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder().withNewMetadata()
                .withName("simple-ingress").withLabels(Map.of(SampleDeployer.MANAGED_BY, SampleDeployer.MANAGER))
                .endMetadata().withNewSpec().withNewDefaultBackend().withNewService().withName("alpaca")
                .withNewPort().withNumber(8080).endPort().endService().endDefaultBackend().endSpec().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update); // the server outlives a test
    }

    @AfterEach
    void restoreKubeconfigProperty() {
        if (savedKubeconfigProperty == null) {
            System.clearProperty("kubeconfig");
        } else {
            System.setProperty("kubeconfig", savedKubeconfigProperty);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "deploy", "delete"})
    void anUnknownContextIsRefusedWithTheListAndTheCurrentClusterIsUntouched(String command) throws Exception {
        Path kubeconfig = write("config", kubeconfig("current-context: mock", context("mock", client.getMasterUrl()
                .toString()), context("kind-lab", "https://127.0.0.1:1")));

        Result result = run(command, "--kubeconfig", kubeconfig.toString(), "--context", "nope");

        assertThat(result.code).as(result.err).isEqualTo(2);
        assertThat(result.err).contains("context \"nope\" does not exist in the kubeconfig (" + kubeconfig + ")")
                .contains("its contexts: kind-lab, mock (current)").contains("--context").doesNotContain("\tat ");
        assertThat(result.out).as("nothing was done").doesNotContain("deleted").doesNotContain("applied");
        assertUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "deploy", "delete"})
    void anEmptyKubeconfigNamesNoCluster(String command) throws Exception {
        Path kubeconfig = write("empty", "");

        Result result = run(command, "--kubeconfig", kubeconfig.toString());

        assertThat(result.code).as(result.err).isEqualTo(2);
        assertThat(result.err).contains("the kubeconfig (" + kubeconfig + ") has no contexts, so it names no cluster"
                + " to act on").contains("ingress-lab demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "deploy", "delete"})
    void aCurrentContextTheKubeconfigLacksIsNotReplacedByAnother(String command) throws Exception {
        Path kubeconfig = write("config", kubeconfig("current-context: gone", context("mock", client.getMasterUrl()
                .toString())));

        Result result = run(command, "--kubeconfig", kubeconfig.toString());

        assertThat(result.code).as(result.err).isEqualTo(2);
        assertThat(result.err).contains("has no current context").contains("its contexts: mock.")
                .contains("kubectl config use-context NAME");
        assertUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "deploy", "delete"})
    void kubeconfigOfSeveralFilesKnowsTheContextsOfAll(String command) throws Exception {
        Path first = write("first", kubeconfig("current-context: mock", context("mock", client.getMasterUrl()
                .toString())));
        Path second = write("second", kubeconfig("", context("kind-lab", "https://127.0.0.1:1")));
        System.setProperty("kubeconfig", first + File.pathSeparator + second);

        Result result = run(command, "--context", "nope");

        assertThat(result.code).as(result.err).isEqualTo(2);
        assertThat(result.err).contains("context \"nope\" does not exist in the kubeconfig (KUBECONFIG=" + first
                + File.pathSeparator + second + ")").contains("its contexts: kind-lab, mock (current)");
        assertUntouched();
    }

    @Test
    void samplesSayWhichContextAndServerTheyActOnBeforeWriting() throws Exception {
        Path first = write("first", kubeconfig("current-context: kind-lab", context("kind-lab",
                "https://127.0.0.1:1")));
        Path second = write("second", kubeconfig("", context("mock", client.getMasterUrl().toString())));
        System.setProperty("kubeconfig", first + File.pathSeparator + second);

        Result deployed = run("deploy", "--context", "mock");
        Result deleted = run("delete", "--context", "mock");

        assertThat(deployed.code).as(deployed.err).isZero();
        assertThat(deployed.out.lines().findFirst()).as("the first line, before anything is applied")
                .hasValue("context mock (cluster), API server " + client.getMasterUrl() + ", namespace default");
        assertThat(deployed.out).contains("applied Ingress default/simple-ingress");
        assertThat(deleted.code).as(deleted.err).isZero();
        assertThat(deleted.out.lines().findFirst()).hasValue("context mock (cluster), API server "
                + client.getMasterUrl() + ", namespace default");
        assertThat(deleted.out).contains("deleted Ingress default/simple-ingress");
        assertThat(client.network().v1().ingresses().inNamespace("default").withName("simple-ingress").get())
                .as("deleted from the context named, the second file's").isNull();
    }

    @Test
    void contextsListsEveryFileAndSaysWhenNoneIsCurrent() throws Exception {
        Path first = write("first", kubeconfig("current-context: gone", context("mock", "https://127.0.0.1:2")));
        Path second = write("second", kubeconfig("", context("kind-lab", "https://127.0.0.1:1")));
        System.setProperty("kubeconfig", first + File.pathSeparator + second);

        Result several = run("contexts");
        Result empty = run("contexts", "--kubeconfig", write("empty", "").toString());

        assertThat(several.code).isZero();
        assertThat(several.out).contains("kind-lab").contains("mock").doesNotContain("* ");
        assertThat(several.err).contains("no context is current").contains("--context NAME");
        assertThat(empty.code).isZero();
        assertThat(empty.out).contains("no contexts");
    }

    private void assertUntouched() {
        assertThat(client.network().v1().ingresses().inNamespace("default").withName("simple-ingress").get())
                .as("the current context's Ingress is still there").isNotNull();
        assertThat(client.leases().inNamespace("default").list().getItems()).as("up took no Lease").isEmpty();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A kubeconfig holding the given contexts (each with its own cluster and user of the same name). */
    private static String kubeconfig(String currentContext, String... contexts) {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder named = new StringBuilder("contexts:\n");
        StringBuilder users = new StringBuilder("users:\n");
        for (String context : contexts) {
            String[] parts = context.split(" ", 2);
            clusters.append("  - {name: ").append(parts[0]).append(", cluster: {server: \"").append(parts[1])
                    .append("\", insecure-skip-tls-verify: true}}\n");
            named.append("  - {name: ").append(parts[0]).append(", context: {cluster: ").append(parts[0])
                    .append(", user: ").append(parts[0]).append(", namespace: default}}\n");
            users.append("  - {name: ").append(parts[0]).append(", user: {token: t}}\n");
        }
        return "apiVersion: v1\nkind: Config\n" + clusters + named + users + currentContext + "\n";
    }

    private static String context(String name, String server) {
        return name + " " + server;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String command, String... args) {
        List<String> all = new ArrayList<>(COMMANDS.getOrDefault(command, List.of(command)));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
