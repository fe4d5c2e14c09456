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
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #12 §2: {@code up --context ingress-lab-sandbox} against the sandbox, through its kubeconfig as the CLI reads it
 * (its server, its credentials), the way {@code up} starts: the IngressClass check, then the session. On a fresh,
 * empty sandbox and on one with objects, it starts within seconds, serves the routes, and never says
 * "disconnected" while the API server is there.
 */
class UpOnSandboxTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * One sandbox for both starts (a sandbox's start is the slowest part): first empty, then holding what the first
     * {@code up} served and the path step's objects, for a second {@code up} started after the first has stopped.
     */
    @Test
    void startsOnAFreshEmptySandboxServesWhatIsAppliedLaterThenStartsAgainOnItsObjects() throws Exception {
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
            try (Up up = Up.start(sandbox, out)) {
                assertThat(up.startedIn).as("started within seconds").isLessThan(Duration.ofSeconds(10));
                assertThat(output.toString(StandardCharsets.UTF_8)).contains("IngressClass ingress-lab does not"
                        + " exist");

                deploy(sandbox, out, "services", "host");

                assertThat(deploymentAnswering(up.session.proxy().httpPort(), "alpaca.example.com"))
                        .as(output.toString(StandardCharsets.UTF_8)).isEqualTo("alpaca");
                up.outlastTheDisconnectionGrace();
            }
            assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("disconnected")
                    .doesNotContain("does not answer").contains("serving 0 routes:")
                    .contains("alpaca.example.com Prefix /");

            ByteArrayOutputStream again = new ByteArrayOutputStream();
            PrintStream outAgain = new PrintStream(again, true, StandardCharsets.UTF_8);
            deploy(sandbox, outAgain, "services", "host", "path");

            try (Up up = Up.start(sandbox, outAgain)) {
                assertThat(up.startedIn).as("started on a sandbox with objects within seconds")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(deploymentAnswering(up.session.proxy().httpPort(), "bandicoot.example.com"))
                        .as(again.toString(StandardCharsets.UTF_8)).isEqualTo("bandicoot");
                up.outlastTheDisconnectionGrace();
            }
            assertThat(again.toString(StandardCharsets.UTF_8)).doesNotContain("disconnected");
        }
    }

    /** What {@code up} starts, from the sandbox's kubeconfig file. */
    private record Up(KubernetesClient client, ClusterSession session, Duration startedIn, long startNanos)
            implements AutoCloseable {

        static Up start(Sandbox sandbox, PrintStream out) throws Exception {
            ClusterTarget target = ClusterTarget.load(sandbox.kubeconfig(), Sandbox.CONTEXT);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build();
            long start = System.nanoTime();
            out.println(OurIngressClass.ensure(client, TranslatorSettings.defaults(), false, false));
            ClusterSession session = ClusterSession.start(client, WatchScope.allNamespaces(), "default",
                    ConnectorChoice.DIRECT, ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                            .withHttpPort(0), TranslatorSettings.defaults(), AccessLog.Format.TEXT, true, false, out);
            return new Up(client, session, Duration.ofNanos(System.nanoTime() - start), start);
        }

        /** Runs past the time after which watches that were down would be reported as a disconnection. */
        void outlastTheDisconnectionGrace() throws InterruptedException {
            long until = startNanos + Duration.ofSeconds(7).toNanos();
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            session.close();
            client.close();
        }
    }

    private static void deploy(Sandbox sandbox, PrintStream out, String... steps) throws InterruptedException {
        SampleDeployer deployer = new SampleDeployer(sandbox.client(), out);
        var applied = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>();
        for (String step : steps) {
            applied.addAll(deployer.deploy(SampleSteps.named(step)));
        }
        assertThat(deployer.awaitReady(applied, Duration.ofSeconds(20))).isTrue();
    }

    /** The Deployment whose pod answered, waiting up to 15 s for the routes to be in force. */
    private String deploymentAnswering(int port, String host) throws Exception {
        try {
            return answering(port, host);
        } catch (AssertionError e) {
            return "no answer: " + e.getMessage();
        }
    }

    private String answering(int port, String host) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", host).header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body()).get("deployment").asString();
    }
}
