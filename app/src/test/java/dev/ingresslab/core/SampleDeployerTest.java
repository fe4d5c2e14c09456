package dev.ingresslab.core;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The chapter's samples applied to a cluster (the CRUD mock), labelled, and deleted without touching the user's. */
@EnableKubernetesMockClient(crud = true)
class SampleDeployerTest {

    KubernetesClient client;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void deploysLabelledObjectsKeepsTheUsersOwnAndDeletesOnlyOurs() {
        // objects without a namespace go to the context's namespace, as with kubectl apply
        client.services().inNamespace(client.getNamespace()).resource(new ServiceBuilder().withNewMetadata().withName("bandicoot")
                .endMetadata().withNewSpec().addNewPort().withPort(9999).endPort().endSpec().build()).create();
        SampleDeployer deployer = new SampleDeployer(client, out);

        deployer.deploy(SampleSteps.SERVICES);
        deployer.deploy(SampleSteps.named("host"));

        Ingress host = client.network().v1().ingresses().inNamespace(client.getNamespace()).withName("host-ingress").get();
        assertThat(host.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ingress-lab")
                .containsEntry("ingress-lab.dev/sample-step", "host");
        assertThat(client.apps().deployments().inNamespace(client.getNamespace()).withName("alpaca").get().getSpec()
                .getReplicas()).isEqualTo(3);
        assertThat(client.services().inNamespace(client.getNamespace()).withName("bandicoot").get().getSpec().getPorts().get(0)
                .getPort()).as("the user's own Service is kept").isEqualTo(9999);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("kept Service " + client.getNamespace() + "/bandicoot: it exists and"
                + " was not created by Ingress Lab");

        deployer.delete(SampleSteps.named("host"));
        deployer.delete(SampleSteps.SERVICES);

        assertThat(client.network().v1().ingresses().inNamespace(client.getNamespace()).withName("host-ingress").get()).isNull();
        assertThat(client.services().inNamespace(client.getNamespace()).withName("alpaca").get()).isNull();
        assertThat(client.services().inNamespace(client.getNamespace()).withName("bandicoot").get()).as("not ours: kept")
                .isNotNull();
    }

    @Test
    void everyStepIsAValidManifestThatDeploys() {
        SampleDeployer deployer = new SampleDeployer(client, out);
        // the Gateway API's steps need its CRDs, which this mock cannot declare (a cluster-scoped GatewayClass makes
        // it fail); they are deployed to the sandbox, which serves them (GatewayRoutesOnSandboxTest)
        for (SampleSteps.Step step : SampleSteps.STEPS.stream().filter(step -> !step.gatewayApi()).toList()) {
            assertThat(deployer.deploy(step)).as(step.name()).isNotEmpty();
        }
        assertThat(client.network().v1().ingresses().inNamespace("team-a").withName("team-a-ingress").get())
                .isNotNull();
    }

    @Test
    void waitingForDeploymentsThatNeverBecomeReadySaysWhatToCheck() throws Exception {
        SampleDeployer deployer = new SampleDeployer(client, out);

        boolean ready = deployer.awaitReady(deployer.deploy(SampleSteps.SERVICES), Duration.ofMillis(300));

        assertThat(ready).isFalse();
        String namespace = client.getNamespace();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("deployment " + namespace + "/alpaca: 0 of 3"
                + " replicas available").contains("is not ready after 300 ms")
                .contains("`kubectl describe deployment alpaca -n " + namespace + "` says why");
    }
}
