package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Gateway API kinds on the sandbox, driven by the real kubectl (1.32) with its default flags: discovery, the
 * CRDs' printer columns, their schemas' validation with the API server's messages, and the status subresource.
 */
class SandboxGatewayApiTest {

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSandbox() {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(dir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String sample(String name) {
        return Path.of("gateway").resolve(name).toAbsolutePath().toString();
    }

    @Test
    void apiResourcesListsTheFourKindsOfTheGroup() throws Exception {
        String resources = kubectl.ok("api-resources", "--api-group=gateway.networking.k8s.io");
        System.out.println(resources);
        assertThat(resources).containsPattern("gatewayclasses\\s+gc\\s+gateway.networking.k8s.io/v1\\s+false\\s+GatewayClass")
                .containsPattern("gateways\\s+gtw\\s+gateway.networking.k8s.io/v1\\s+true\\s+Gateway")
                .containsPattern("httproutes\\s+gateway.networking.k8s.io/v1\\s+true\\s+HTTPRoute")
                .containsPattern("referencegrants\\s+refgrant\\s+gateway.networking.k8s.io/v1\\s+true\\s+ReferenceGrant");
    }

    @Test
    void theSamplesApplyAndPrintTheCrdsColumns() throws Exception {
        kubectl.ok("apply", "-f", sample("gateway.yaml"), "-f", sample("host-route.yaml"), "-f", sample("path-route.yaml"));
        String gateways = kubectl.ok("get", "gatewayclass,gateway,httproute");
        System.out.println(gateways);
        String yaml = kubectl.ok("get", "httproute", "host-route", "-o", "yaml");
        System.out.println(yaml);
    }
}
