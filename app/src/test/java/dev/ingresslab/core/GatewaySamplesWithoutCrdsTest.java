package dev.ingresslab.core;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code samples deploy --step gateway} on a cluster without the Gateway API's CRDs: the API server answers 404 "the
 * server could not find the requested resource" for the kinds' paths, and the deploy stops with a sentence that says
 * so and how to install them, not with the client's message.
 */
@EnableKubernetesMockClient
class GatewaySamplesWithoutCrdsTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aGatewayStepOnAClusterWithoutTheCrdsSaysHowToInstallThem() {
        server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1/gatewayclasses/ingress-lab")
                .andReturn(404, notFound()).always();
        server.expect().post().withPath("/apis/gateway.networking.k8s.io/v1/gatewayclasses")
                .andReturn(404, notFound()).always();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new SampleDeployer(client, out).deploy(SampleSteps.named("gateway")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageStartingWith("the Gateway API is not installed in this cluster (it does not serve"
                        + " gateway.networking.k8s.io/v1): the step gateway cannot be applied. To use it, install its"
                        + " CRDs: `kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/"
                        + "releases/download/v1.5.1/standard-install.yaml`");
    }

    @Test
    void theGatewayStepsAreListedAfterTheChaptersOwnWithTheirFiles() {
        assertThat(SampleSteps.STEPS.stream().map(SampleSteps.Step::name).toList()).endsWith("tls", "gateway",
                "gateway-host", "gateway-path");
        assertThat(SampleSteps.named("gateway-path").resourcePath()).isEqualTo("samples/gateway/path-route.yaml");
        assertThat(SampleSteps.named("gateway-host").manifest()).contains("kind: HTTPRoute")
                .contains("name: host-route").contains("name: default-route");
        assertThat(SampleSteps.named("host").gatewayApi()).isFalse();
        assertThat(SampleSteps.CHAPTER_END).as("deploy without --step: the chapter as it ends, unchanged")
                .containsExactly("services", "host", "path");
    }

    private static io.fabric8.kubernetes.api.model.Status notFound() {
        return new StatusBuilder().withStatus("Failure").withReason("NotFound").withCode(404)
                .withMessage("the server could not find the requested resource").build();
    }
}
