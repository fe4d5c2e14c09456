package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every failure of the sandbox's API server is a {@code Status} (kind Status, apiVersion v1, status Failure, a reason,
 * the code and a message that says what to do), as kube-apiserver answers, so that kubectl prints
 * {@code Error from server (Reason): message}: a missing object on every verb (the store answered an empty 404), a
 * method a path does not take (the store answered "Invalid", or nothing at all), a body that is not JSON or too
 * large, an unknown path, and a store that fails (it left the request unanswered).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SandboxErrorStatusTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static RawHttp api;
    private static String auth;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT, HttpWatch.Limits.DEFAULT);
        api = RawHttp.apiServer(sandbox.kubeconfig());
        auth = "Host: 127.0.0.1\nAuthorization: Bearer " + RawHttp.token(sandbox.kubeconfig()) + "\n";
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Asserts {@code body} is a whole failure Status with this code and reason; its message. */
    private static String assertStatus(String body, int code, String reason) {
        JsonNode status = JSON.readTree(body);
        assertThat(status.path("kind").asString()).as(body).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).as(body).isEqualTo("v1");
        assertThat(status.path("status").asString()).as(body).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).as(body).isEqualTo(code);
        assertThat(status.path("reason").asString()).as(body).isEqualTo(reason);
        assertThat(status.path("message").asString()).as(body).isNotBlank();
        return status.path("message").asString();
    }

    private static RawHttp.Answer send(String method, String path, String headers, String body) throws Exception {
        return api.exchange(method + " " + path + " HTTP/1.1\n" + auth + headers + (body.isEmpty() ? ""
                : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n") + "Connection: close\n",
                body);
    }

    @Test
    void aMissingObjectIsNotFoundByNameOnEveryVerb() throws Exception {
        String json = "Content-Type: application/json\n";
        String object = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"nothere\"}}";
        for (RawHttp.Answer answer : List.of(send("GET", CONFIGMAPS + "/nothere", "", ""),
                send("GET", CONFIGMAPS + "/nothere/status", "", ""),
                send("PUT", CONFIGMAPS + "/nothere", json, object),
                send("PATCH", CONFIGMAPS + "/nothere", "Content-Type: application/merge-patch+json\n", "{}"),
                send("DELETE", CONFIGMAPS + "/nothere", "", ""),
                send("DELETE", CONFIGMAPS + "/nothere", json, "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"}"),
                send("GET", "/api/v1/namespaces/nowhere/configmaps/nothere", "", ""))) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(404);
            assertThat(answer.text()).containsIgnoringCase("Content-Type: application/json");
            assertThat(assertStatus(answer.body(), 404, "NotFound")).isEqualTo("configmaps \"nothere\" not found");
        }
    }

    @Test
    void aMethodAPathDoesNotTakeIsRefusedAt405AtOnce() throws Exception {
        long start = System.nanoTime();
        String json = "Content-Type: application/json\n";
        String object = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}";
        for (RawHttp.Answer answer : List.of(send("PUT", CONFIGMAPS, json, object),
                send("POST", CONFIGMAPS + "/x", json, object),
                send("PATCH", CONFIGMAPS, "Content-Type: application/merge-patch+json\n", "{}"),
                send("OPTIONS", CONFIGMAPS, "", ""),
                send("TRACE", CONFIGMAPS + "/x", "", ""))) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(405);
            assertThat(assertStatus(answer.body(), 405, "MethodNotAllowed"))
                    .startsWith("the server does not allow this method on the requested resource")
                    .contains("hint: a").contains(" takes GET");
        }
        // OPTIONS and TRACE went to the store, which never answered: each waited for the client's timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void kubectlPrintsTheApiServersErrorForEachFailure() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        Path cache = Files.createDirectories(dir.resolve("kube-cache"));
        Kubectl kubectl = new Kubectl(sandbox.kubeconfig());
        String cacheDir = "--cache-dir=" + cache;
        Path configMap = Files.writeString(dir.resolve("configmap.json"),
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"nothere\"}}");
        Path notJson = Files.writeString(dir.resolve("not.json"), "{\"apiVersion\": ");
        byte[] huge = new byte[4 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        Path tooLarge = Files.write(dir.resolve("too-large.json"), ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"large\"},\"data\":{\"k\":\"" + new String(huge, StandardCharsets.US_ASCII)
                + "\"}}").getBytes(StandardCharsets.US_ASCII));

        record Case(String expected, String... args) {
        }
        List<Case> cases = List.of(
                new Case("Error from server (NotFound): configmaps \"nothere\" not found",
                        "get", "configmap", "nothere"),
                new Case("Error from server (NotFound): configmaps \"nothere\" not found",
                        "delete", "configmap", "nothere"),
                new Case("Error from server (NotFound): configmaps \"nothere\" not found",
                        "patch", "configmap", "nothere", "--type=merge", "-p", "{\"data\":{\"k\":\"v\"}}"),
                new Case("Error from server (NotFound): error when replacing \"" + configMap
                        + "\": configmaps \"nothere\" not found", "replace", "-f", configMap.toString()),
                new Case("Error from server (NotFound): namespaces \"nowhere\" not found",
                        "get", "configmap", "nothere", "-n", "nowhere"),
                new Case("Error from server (NotFound): the server could not find the requested resource",
                        "get", "--raw", "/nonsense"),
                new Case("Error from server (MethodNotAllowed): the server does not allow this method on the"
                        + " requested resource", "create", "--raw", CONFIGMAPS + "/nothere", "-f", configMap.toString()),
                new Case("Error from server (MethodNotAllowed): the server does not allow this method on the"
                        + " requested resource", "replace", "--raw", CONFIGMAPS, "-f", configMap.toString()),
                new Case("Error from server (BadRequest): the body of the request cannot be read",
                        "create", "--raw", CONFIGMAPS, "-f", notJson.toString()),
                new Case("Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728",
                        "create", "--raw", CONFIGMAPS, "-f", tooLarge.toString()));
        // what kubectl create --raw sends (a body without Content-Type, which kube-apiserver reads as JSON) is taken
        Path created = Files.writeString(dir.resolve("created.json"),
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"raw-created\"}}");
        assertThat(kubectl.ok(cacheDir, "create", "--raw", CONFIGMAPS, "-f", created.toString()))
                .contains("\"name\":\"raw-created\"");
        for (Case each : cases) {
            String[] args = new String[each.args().length + 1];
            args[0] = cacheDir;
            System.arraycopy(each.args(), 0, args, 1, each.args().length);
            Kubectl.Run run = kubectl.run(args);
            assertThat(run.exit()).as(String.join(" ", each.args())).isNotZero();
            assertThat(run.output()).as(String.join(" ", each.args())).startsWith(each.expected());
        }
    }

    /** A store whose dispatcher throws, behind the guard the sandbox puts in front of its store. */
    @Test
    void aStoreThatFailsAnswersA500StatusNotNothing() throws Exception {
        Dispatcher failing = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                throw new IllegalStateException("the store broke");
            }
        };
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
                new StoreGuard(failing, "store-token", web), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + CONFIGMAPS))
                            .header("Authorization", "Bearer store-token").timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(assertStatus(answer.body(), 500, "InternalError"))
                    .contains("the sandbox's object store failed on GET " + CONFIGMAPS)
                    .contains("the store broke").contains("hint: ");
        } finally {
            server.destroy();
        }
    }
}
