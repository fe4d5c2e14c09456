package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded cluster: Deployments become serving Pods, EndpointSlices follow Services, scaling and deletes work. */
class SandboxTest {

    @TempDir
    Path dir;

    @Test
    void runsDeploymentsAsServingPodsAndKeepsEndpointSlicesInStep() throws Exception {
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"))) {
            KubernetesClient client = sandbox.client();
            client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("alpaca").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
                    .addToMatchLabels("app", "alpaca").endSelector().withNewTemplate().withNewMetadata()
                    .addToLabels("app", "alpaca").endMetadata().withNewSpec().addNewContainer().withName("kuard")
                    .withImage("gcr.io/kuar-demo/kuard-amd64:blue").endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
            client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                    .withName("alpaca").endMetadata().withNewSpec().addToSelector("app", "alpaca").addNewPort()
                    .withName("http").withPort(8080).endPort().endSpec().build()).create();

            await(() -> slices(client).size(), 2);
            await(() -> available(client), 2);
            EndpointSlice slice = slices(client).get(0);
            int port = slice.getPorts().get(0).getPort();
            JsonNode answer = JsonMapper.builder().build().readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(answer.get("deployment").asString()).isEqualTo("alpaca");
            assertThat(answer.get("pod").asString()).isEqualTo(slice.getEndpoints().get(0).getTargetRef().getName());
            assertThat(answer.get("path").asString()).isEqualTo("/hello");
            assertThat(slice.getPorts().get(0).getName()).isEqualTo("http");

            client.apps().deployments().inNamespace("default").withName("alpaca").scale(3);
            await(() -> slices(client).size(), 3);

            String victim = client.pods().inNamespace("default").list().getItems().get(0).getMetadata().getName();
            client.pods().inNamespace("default").withName(victim).delete();
            await(() -> (int) client.pods().inNamespace("default").list().getItems().stream()
                    .filter(p -> !p.getMetadata().getName().equals(victim)).count(), 3);

            client.apps().deployments().inNamespace("default").withName("alpaca").delete();
            await(() -> slices(client).size(), 0);
            await(() -> client.pods().inNamespace("default").list().getItems().size(), 0);

            assertThat(Files.readString(sandbox.kubeconfig())).contains("current-context: ingress-lab-sandbox")
                    .contains(sandbox.apiServerUrl());
        }
    }

    private static List<EndpointSlice> slices(KubernetesClient client) {
        return client.discovery().v1().endpointSlices().inNamespace("default")
                .withLabels(Map.of("kubernetes.io/service-name", "alpaca")).list().getItems();
    }

    private static int available(KubernetesClient client) {
        var deployment = client.apps().deployments().inNamespace("default").withName("alpaca").get();
        return deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null ? 0
                : deployment.getStatus().getAvailableReplicas();
    }

    private static void await(Supplier<Integer> actual, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int last = actual.get();
        while (last != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = actual.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
