package dev.ingresslab.core;

import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo}: the chapter's requests answered through the proxy by the sandbox's simulated pods. */
class DemoSessionTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersTheChaptersRequestsFromTheSandbox() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (DemoSession demo = DemoSession.start(dir.resolve("kubeconfig"), true, ProxySettings.defaults()
                        .withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), AccessLog.Format.TEXT,
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            int port = demo.cluster().proxy().httpPort();

            assertThat(deploymentAnswering(port, "alpaca.example.com", "/")).isEqualTo("alpaca");
            assertThat(deploymentAnswering(port, "bandicoot.example.com", "/a/")).isEqualTo("alpaca");
            assertThat(deploymentAnswering(port, "bandicoot.example.com", "/a")).isEqualTo("alpaca");
            assertThat(deploymentAnswering(port, "bandicoot.example.com", "/")).isEqualTo("bandicoot");
            assertThat(deploymentAnswering(port, "anything.example.com", "/")).isEqualTo("be-default");

            if (Files.isExecutable(KUBECTL)) {
                // the samples as kubectl apply would have left them: applying the files again changes nothing
                String applied = kubectl(demo, "apply", "-f", SAMPLES.resolve("services.yaml").toString(), "-f",
                        SAMPLES.resolve("host-ingress.yaml").toString(), "-f",
                        SAMPLES.resolve("path-ingress.yaml").toString());
                assertThat(applied.lines()).hasSize(8).allMatch(line -> line.endsWith(" unchanged"));
                assertThat(kubectl(demo, "get", "ingress", "host-ingress", "-o",
                        "jsonpath={.status.loadBalancer.ingress[0].ip}")).as("the controller wrote the status")
                        .isEqualTo("127.0.0.1");
            }
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).as("no transient warnings at start")
                .doesNotContain("does not exist").contains("alpaca.example.com Prefix /");
    }

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path SAMPLES = Path.of("..", "samples", "ch8").toAbsolutePath().normalize();

    private static String kubectl(DemoSession demo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", demo.sandbox().kubeconfig().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The Deployment whose pod answered, waiting for the routes to be in force. */
    private String deploymentAnswering(int port, String host, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JsonMapper.builder().build().readTree(response.body());
        assertThat(answer.get("host").asString()).isEqualTo(host);
        return answer.get("deployment").asString();
    }
}
