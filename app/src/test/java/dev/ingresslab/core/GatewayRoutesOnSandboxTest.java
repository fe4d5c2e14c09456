package dev.ingresslab.core;

import dev.ingresslab.cluster.OurIngressClass;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #19, end to end: the chapter's routes as a Gateway and HTTPRoutes (samples/gateway/), applied to the sandbox
 * with the real kubectl, answer every request as the chapter's Ingresses (host-ingress, path-ingress) do, through the
 * real proxy to the sandbox's pods; and the controller's status reads back with {@code kubectl get … -o yaml} as a
 * conformant implementation writes it.
 */
class GatewayRoutesOnSandboxTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every rule's paths, the edges around each prefix, and hosts no rule names. */
    private static final List<String[]> REQUESTS = List.of(
            new String[] {"alpaca.example.com", "/"}, new String[] {"alpaca.example.com", "/a/b"},
            new String[] {"bandicoot.example.com", "/"}, new String[] {"bandicoot.example.com", "/a"},
            new String[] {"bandicoot.example.com", "/a/"}, new String[] {"bandicoot.example.com", "/a/b"},
            new String[] {"bandicoot.example.com", "/ab"}, new String[] {"bandicoot.example.com", "/b/a"},
            new String[] {"unknown.example.com", "/"}, new String[] {"unknown.example.com", "/a/"},
            new String[] {"127.0.0.1", "/"});

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theGatewaySamplesAnswerAsTheChaptersIngressesAndTheirStatusReadsBack() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
            SampleDeployer deployer = new SampleDeployer(sandbox.client(), out);
            assertThat(deployer.awaitReady(deployer.deploy(SampleSteps.SERVICES), Duration.ofSeconds(30))).isTrue();
            ClusterTarget target = ClusterTarget.load(sandbox.kubeconfig(), Sandbox.CONTEXT);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build()) {
                out.println(OurIngressClass.ensure(client, TranslatorSettings.defaults(), false, false));
                try (ClusterSession session = ClusterSession.start(client, WatchScope.allNamespaces(), "default",
                        ConnectorChoice.DIRECT, ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                                .withHttpPort(0), TranslatorSettings.defaults(), AccessLog.Format.TEXT, true, false,
                        out)) {
                    int port = session.proxy().httpPort();
                    kubectl(sandbox, "apply", "-f", sample("ch8/host-ingress.yaml"), "-f",
                            sample("ch8/path-ingress.yaml"));
                    Map<String, String> ingress = answers(port, "bandicoot.example.com", "/a/", "alpaca");
                    kubectl(sandbox, "delete", "-f", sample("ch8/host-ingress.yaml"), "-f",
                            sample("ch8/path-ingress.yaml"));

                    kubectl(sandbox, "apply", "-f", sample("gateway/gateway.yaml"), "-f",
                            sample("gateway/host-route.yaml"), "-f", sample("gateway/path-route.yaml"));
                    Map<String, String> gateway = answers(port, "bandicoot.example.com", "/a/", "alpaca");

                    assertThat(ingress.values()).as("the Ingresses route: " + ingress).contains("alpaca",
                            "bandicoot", "be-default");
                    assertThat(gateway).as(output.toString(StandardCharsets.UTF_8)).isEqualTo(ingress);

                    awaitStatus(sandbox);
                    String route = kubectl(sandbox, "get", "httproute", "path-route", "-o", "yaml");
                    assertThat(route).contains("controllerName: ingress-lab.dev/controller")
                            .contains("type: Accepted").contains("type: ResolvedRefs")
                            .contains("observedGeneration: 1").contains("kind: Gateway")
                            .contains("name: lab-gateway").doesNotContain("status: \"False\"");
                    assertThat(kubectl(sandbox, "get", "gateway", "lab-gateway"))
                            .containsPattern("lab-gateway\\s+ingress-lab\\s+127.0.0.1\\s+True");
                    assertThat(kubectl(sandbox, "get", "gatewayclass", "ingress-lab"))
                            .containsPattern("ingress-lab\\s+ingress-lab.dev/controller\\s+True");
                    JsonNode listener = JSON.readTree(kubectl(sandbox, "get", "gateway", "lab-gateway", "-o",
                            "json")).path("status").path("listeners").path(0);
                    assertThat(listener.path("attachedRoutes").asInt()).as("host-route, default-route, path-route")
                            .isEqualTo(3);

                    String version = kubectl(sandbox, "get", "httproute", "path-route", "-o",
                            "jsonpath={.metadata.resourceVersion}");
                    Thread.sleep(1500);
                    assertThat(kubectl(sandbox, "get", "httproute", "path-route", "-o",
                            "jsonpath={.metadata.resourceVersion}")).as("no write when nothing changed")
                            .isEqualTo(version);

                    crossNamespaceBackendNeedsAV1beta1ReferenceGrant(sandbox, port);
                }
            }
        }
    }

    /**
     * The Deployment answering each request of {@link #REQUESTS}, once the routes are in force ({@code host}{@code
     * path} answered by {@code expected}).
     */
    private Map<String, String> answers(int port, String host, String path, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!expected.equals(answering(port, host, path)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (String[] request : REQUESTS) {
            answers.put(request[0] + request[1], answering(port, request[0], request[1]));
        }
        return answers;
    }

    private String answering(int port, String host, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return String.valueOf(response.statusCode());
        }
        return JSON.readTree(response.body()).path("deployment").asString();
    }

    /**
     * A Route in {@code team} sending to a Service in {@code default} is refused (500, {@code RefNotPermitted}) until a
     * ReferenceGrant in {@code default} opens it; the grant is written as {@code v1beta1}, which the controller,
     * watching {@code v1}, sees as the same object, and its deletion through {@code v1beta1} closes the door again.
     */
    private void crossNamespaceBackendNeedsAV1beta1ReferenceGrant(Sandbox sandbox, int port) throws Exception {
        kubectl(sandbox, "create", "namespace", "team");
        Path route = Files.writeString(dir.resolve("team-route.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: team-route, namespace: team}
                spec:
                  parentRefs: [{name: lab-gateway, namespace: default}]
                  hostnames: [team.example.com]
                  rules: [{backendRefs: [{name: alpaca, namespace: default, port: 8080}]}]
                """);
        Path grant = Files.writeString(dir.resolve("grant.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: team-routes, namespace: default}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team}]
                  to: [{group: "", kind: Service}]
                """);
        kubectl(sandbox, "apply", "-f", route.toString());
        assertThat(awaitAnswer(port, "team.example.com", "500")).as("no grant yet").isEqualTo("500");
        kubectl(sandbox, "apply", "-f", grant.toString());
        assertThat(awaitAnswer(port, "team.example.com", "alpaca")).as("granted through v1beta1").isEqualTo("alpaca");
        kubectl(sandbox, "delete", "referencegrants.v1beta1.gateway.networking.k8s.io", "-n", "default",
                "team-routes");
        assertThat(awaitAnswer(port, "team.example.com", "500")).as("the grant deleted through v1beta1")
                .isEqualTo("500");
    }

    /** What answers {@code host}'s {@code /}, once it is {@code expected} or after 20 seconds. */
    private String awaitAnswer(int port, String host, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String answer = answering(port, host, "/");
        while (!expected.equals(answer) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = answering(port, host, "/");
        }
        return answer;
    }

    /** Waits until the controller has written the HTTPRoute's status. */
    private static void awaitStatus(Sandbox sandbox) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String parents = kubectl(sandbox, "get", "httproute", "path-route", "-o",
                    "jsonpath={.status.parents[*].controllerName}");
            if (parents.contains("ingress-lab.dev/controller")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static String sample(String file) {
        return Path.of("..", "samples").resolve(file).toAbsolutePath().normalize().toString();
    }

    private static String kubectl(Sandbox sandbox, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=60s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl " + String.join(" ", args) + ": " + output).isZero();
        return output.trim();
    }
}
