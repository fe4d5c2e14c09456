package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox's API server as a door: raw requests shaped as a browser's cross-origin write, a DNS-rebinding page,
 * a client without the token, a direct visit to the store behind the front, and bodies over the limit, unending or
 * malformed; and the real kubectl and fabric8 client, which must keep working.
 */
class SandboxDoorTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static RawHttp api;
    private static int port;
    private static String token;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), BODY_TIMEOUT, HttpWatch.Limits.DEFAULT);
        api = RawHttp.apiServer(sandbox.kubeconfig());
        port = api.port();
        token = RawHttp.token(sandbox.kubeconfig());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"data\":{\"k\":\"v\"}}";
    }

    /** An EndpointSlice that would point the proxy at any address: what an attacking page wants to write. */
    private static final String SLICE = """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"evil",
            "labels":{"kubernetes.io/service-name":"alpaca"}},"addressType":"IPv4",
            "endpoints":[{"addresses":["6.6.6.6"]}],"ports":[{"port":80}]}""".replace("\n", "");

    private static RawHttp.Answer post(String path, String headers, String body) throws Exception {
        return api.exchange("POST " + path + " HTTP/1.1\n" + headers
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\nConnection: close\n", body);
    }

    private static RawHttp.Answer get(RawHttp server, String path, String headers) throws Exception {
        return server.exchange("GET " + path + " HTTP/1.1\n" + headers + "Connection: close\n", "");
    }

    private static final String SLICES = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    /**
     * A cluster-scoped object sent with a namespace (fabric8 does so for a kind its model does not know, such as a
     * GatewayClass): created without it, as kube-apiserver clears it; the store behind the front threw on it and
     * never answered.
     */
    @Test
    void aClusterScopedObjectSentWithANamespaceIsCreatedWithoutOne() throws Exception {
        String headers = "Host: 127.0.0.1:" + port + "\nAuthorization: Bearer " + token
                + "\nContent-Type: application/json\n";
        RawHttp.Answer created = post("/apis/networking.k8s.io/v1/ingressclasses", headers,
                "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"IngressClass\",\"metadata\":{\"name\":"
                        + "\"door-class\",\"namespace\":\"default\"},\"spec\":{\"controller\":\"example.com/door\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"name\":\"door-class\"").doesNotContain("\"namespace\"");
        RawHttp.Answer read = get(api, "/apis/networking.k8s.io/v1/ingressclasses/door-class", headers);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("door-class").doesNotContain("\"namespace\"");
    }

    @Test
    void aBrowsersCrossOriginSimpleWriteIsRefusedAndWritesNothing() throws Exception {
        // What fetch(…, {method: "POST", mode: "no-cors", body}) from https://evil.example sends: no preflight.
        RawHttp.Answer page = post(SLICES, "Host: 127.0.0.1:" + port + "\nOrigin: https://evil.example\n"
                + "Sec-Fetch-Site: cross-site\nContent-Type: text/plain;charset=UTF-8\n", SLICE);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("\"reason\":\"Forbidden\"").contains("Origin \\\"https://evil.example\\\"");

        // The same with the token (which a page cannot have): each browser mark alone is refused.
        String auth = "Authorization: Bearer " + token + "\n";
        assertThat(post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Origin: https://evil.example\n"
                + "Content-Type: application/json\n", SLICE).status()).isEqualTo(403);
        assertThat(post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Origin: null\n"
                + "Content-Type: application/json\n", SLICE).status()).as("a sandboxed frame").isEqualTo(403);
        assertThat(post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Origin: https://127.0.0.1:8080\n"
                + "Content-Type: application/json\n", SLICE).status()).as("another port").isEqualTo(403);
        assertThat(post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Origin: http://127.0.0.1:" + port
                + "\nContent-Type: application/json\n", SLICE).status()).as("another scheme").isEqualTo(403);
        RawHttp.Answer fetchSite = post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth
                + "Sec-Fetch-Site: cross-site\nContent-Type: application/json\n", SLICE);
        assertThat(fetchSite.status()).isEqualTo(403);
        assertThat(fetchSite.body()).contains("Sec-Fetch-Site: cross-site");
        assertThat(post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Sec-Fetch-Site: same-site\n"
                + "Content-Type: application/json\n", SLICE).status()).isEqualTo(403);
        for (String simple : List.of("text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            RawHttp.Answer form = post(SLICES, "Host: 127.0.0.1:" + port + "\n" + auth + "Content-Type: " + simple
                    + "\n", SLICE);
            assertThat(form.status()).as(simple).isEqualTo(415);
            assertThat(form.body()).contains("\"reason\":\"UnsupportedMediaType\"")
                    .contains("the body of the request was in an unknown format - accepted media types include:"
                            + " application/json, application/vnd.kubernetes.protobuf, application/yaml");
        }
        RawHttp.Answer patch = api.exchange("PATCH " + SLICES + "/evil HTTP/1.1\nHost: 127.0.0.1\n" + auth
                + "Content-Type: text/plain\nContent-Length: 2\nConnection: close\n", "{}");
        assertThat(patch.status()).isEqualTo(415);
        assertThat(patch.body()).contains("application/strategic-merge-patch+json");

        assertThat(sandbox.client().resources(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class)
                .inNamespace("default").withName("evil").get()).as("nothing was written").isNull();
    }

    @Test
    void aDnsRebindingPageIsRefusedByItsHostName() throws Exception {
        String auth = "Authorization: Bearer " + token + "\n";
        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.nip.io", "localhost.",
                "127.0.0.2", "[::2]", "0.0.0.0")) {
            RawHttp.Answer rebound = get(api, CONFIGMAPS, "Host: " + host + "\n" + auth);
            assertThat(rebound.status()).as(host).isEqualTo(403);
            assertThat(rebound.body()).contains("answers only to the loopback names localhost, 127.0.0.1 and [::1]")
                    .contains("Host \\\"" + host + "\\\" is refused");
        }
        assertThat(api.exchange("GET " + CONFIGMAPS + " HTTP/1.0\n" + auth, "").status())
                .as("no Host at all").isEqualTo(403);
        assertThat(get(api, "http://evil.example" + CONFIGMAPS, "Host: 127.0.0.1\n" + auth).status())
                .as("an absolute target naming another host (Undertow itself refuses a mismatch)").isIn(400, 403);
        assertThat(get(api, "http://evil.example" + CONFIGMAPS, "Host: evil.example\n" + auth).status())
                .as("an absolute target naming another host").isEqualTo(403);
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
                "127.0.0.1")) {
            assertThat(get(api, CONFIGMAPS, "Host: " + host + "\n" + auth).status()).as(host).isEqualTo(200);
        }
        assertThat(post(CONFIGMAPS, "Host: localhost:" + port + "\n" + auth + "Origin: https://localhost:" + port
                + "\nSec-Fetch-Site: same-origin\nContent-Type: application/json\n", configMap("own-origin"))
                .status()).as("the server's own origin").isEqualTo(201);
    }

    @Test
    void everythingButTheHealthChecksNeedsTheKubeconfigsToken() throws Exception {
        for (String path : List.of(CONFIGMAPS, "/api", "/apis", "/api/v1", "/openapi/v2", "/openapi/v3",
                "/openapi/v3/api/v1", "/api/v1/namespaces/default/pods/x/log", CONFIGMAPS + "?watch=1",
                "/apis/apps/v1/namespaces/default/deployments/x/scale", "/nonsense")) {
            for (String authorization : List.of("", "Authorization: Bearer wrong\n", "Authorization: Basic "
                    + java.util.Base64.getEncoder().encodeToString(("x:" + token).getBytes()) + "\n",
                    "Authorization: Bearer " + token.substring(1) + "\n")) {
                RawHttp.Answer answer = get(api, path, "Host: 127.0.0.1\n" + authorization);
                assertThat(answer.status()).as(path + " with " + authorization).isEqualTo(401);
                assertThat(answer.body()).as(path).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":"
                        + "\"Unauthorized\",\"code\":401}");
                assertThat(answer.text()).contains("Warning: 299 - \"the sandbox API server needs the token of its"
                        + " kubeconfig: export KUBECONFIG=" + sandbox.kubeconfig());
            }
        }
        assertThat(post(CONFIGMAPS, "Host: 127.0.0.1\nContent-Type: application/json\n", configMap("anon"))
                .status()).isEqualTo(401);
        for (String path : List.of("/healthz", "/livez", "/readyz", "/version")) {
            assertThat(get(api, path, "Host: 127.0.0.1\n").status()).as(path).isEqualTo(200);
        }
        assertThat(get(api, "/healthz", "Host: evil.example\n").status()).as("public, but loopback only")
                .isEqualTo(403);
        assertThat(get(api, CONFIGMAPS, "Host: 127.0.0.1\nAuthorization: bearer " + token + "\n").status())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void kubectlWithoutTheTokenIsToldItIsNotLoggedIn() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        Path anonymous = dir.resolve("anonymous-kubeconfig");
        Files.writeString(anonymous, Files.readString(sandbox.kubeconfig()).replace(token, "not-the-token"));
        // a fresh discovery cache: a cached one (same port, earlier test) makes kubectl skip discovery
        Path cache = Files.createDirectories(dir.resolve("kube-cache"));
        var builder = new ProcessBuilder(KUBECTL.toString(), "--request-timeout=20s", "--cache-dir=" + cache,
                "get", "configmaps").redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", anonymous.toString());
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isNotZero();
        // kubectl's words for a 401, as against a real API server: the generic reason when discovery is refused,
        // the Status message ("Unauthorized") when the request itself is; then our hint, as a warning
        assertThat(output).containsPattern("error: You must be logged in to the server \\((the server has asked for the"
                + " client to provide credentials|Unauthorized)\\)").contains("Warning: the sandbox API server needs the token of its"
                + " kubeconfig: export KUBECONFIG=" + sandbox.kubeconfig());

        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        Process ok = builder.start();
        String listed = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ok.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ok.exitValue()).as(listed).isZero();
    }

    @Test
    void theStoreBehindTheFrontLetsNothingButTheFrontIn() throws Exception {
        RawHttp store = RawHttp.plain(sandbox.storeUrl());
        byte[] huge = new byte[8 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        String ingress = "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":"
                + "\"huge\"},\"spec\":{\"rules\":[{\"host\":\"" + new String(huge, StandardCharsets.US_ASCII)
                + "\"}]}}";
        for (String authorization : List.of("", "Authorization: Bearer " + token + "\n")) {
            RawHttp.Answer direct = store.exchange("POST /apis/networking.k8s.io/v1/namespaces/default"
                    + "/ingresses HTTP/1.1\nHost: 127.0.0.1\n" + authorization + "Content-Type: application/json\n"
                    + "Content-Length: " + ingress.length() + "\nConnection: close\n", ingress);
            assertThat(direct.status()).as("with " + authorization).isEqualTo(401);
        }
        assertThat(get(store, CONFIGMAPS, "Host: 127.0.0.1\n").status()).isEqualTo(401);
        RawHttp.Answer webSocket = get(store, CONFIGMAPS + "?watch=true", "Host: 127.0.0.1\nUpgrade: websocket\n"
                + "Connection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n");
        assertThat(webSocket.status()).as("no watch is opened either").isEqualTo(401);
        assertThat(sandbox.client().network().v1().ingresses().inNamespace("default").withName("huge").get())
                .isNull();

        // Through the front, the same Ingress meets the body limit.
        RawHttp.Answer front = post("/apis/networking.k8s.io/v1/namespaces/default/ingresses", "Host: 127.0.0.1\n"
                + "Authorization: Bearer " + token + "\nContent-Type: application/json\n", ingress);
        assertThat(front.status()).isEqualTo(413);
    }

    @Test
    void bodiesOverTheLimitUnendingOrMalformedGetAStatusNotAReset() throws Exception {
        String head = "POST " + CONFIGMAPS + " HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer " + token
                + "\nContent-Type: application/json\n";
        String tooLarge = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Request entity too large: limit is 3145728\",\"reason\":\"RequestEntityTooLarge\","
                + "\"code\":413}";

        RawHttp.Answer declared = api.exchange(head + "Content-Length: 4000000\n", new byte[0]);
        assertThat(declared.status()).as(declared.text()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo(tooLarge);

        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        var chunked = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) { // 4 MiB in 64 KiB chunks
            chunked.write(("10000\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(chunk);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Answer overChunked = api.exchange(head + "Transfer-Encoding: chunked\n",
                chunked.toByteArray());
        assertThat(overChunked.status()).as(overChunked.text()).isEqualTo(413);
        assertThat(overChunked.body()).isEqualTo(tooLarge);

        // Undertow's chunked decoder closes the connection on a framing error before any handler can answer: the
        // client gets no 400, but no reset mid-answer either, nothing is stored, and the server carries on.
        RawHttp.Answer malformed = api.exchange(head + "Transfer-Encoding: chunked\n",
                ("zz\r\n" + configMap("malformed") + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(malformed.status()).as(malformed.text()).isIn(0, 400);
        assertThat(sandbox.client().configMaps().inNamespace("default").withName("malformed").get()).isNull();

        long start = System.nanoTime();
        RawHttp.Answer unending = api.exchange(head + "Content-Length: 100\n",
                "{\"kind\":".getBytes(StandardCharsets.US_ASCII));
        assertThat(unending.status()).as(unending.text()).isEqualTo(408);
        assertThat(unending.body()).contains("\"reason\":\"Timeout\"")
                .contains("the request body did not arrive within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));

        RawHttp.Answer scale = api.exchange("PATCH /apis/apps/v1/namespaces/default/deployments/x/scale"
                + " HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer " + token + "\nContent-Type: application/merge"
                + "-patch+json\nTransfer-Encoding: chunked\n", chunked.toByteArray());
        assertThat(scale.status()).as("the scale subresource reads its body the same way").isEqualTo(413);

        assertThat(post(CONFIGMAPS, "Host: 127.0.0.1\nAuthorization: Bearer " + token
                + "\nContent-Type: application/json\n", configMap("after-the-bad-bodies")).status())
                .as("the API server still answers").isEqualTo(201);
    }

    /**
     * fabric8 asking for plain-HTTP watches, as the app's {@code ClusterTarget} does ({@code onlyHttpWatches}): a
     * chunked watch through the door. (A default fabric8 client watches over a WebSocket:
     * {@link SandboxWebSocketWatchTest}.)
     */
    @Test
    void fabric8ThroughTheKubeconfigAskingForHttpWatchesWatchesOverPlainHttp() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(sandbox.kubeconfig()));
        config.setOnlyHttpWatches(true);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            try (Watch watch = client.configMaps().inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    seen.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                assertThat(watch.getClass().getSimpleName()).isEqualTo("WatchHTTPManager");
                client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("watched").endMetadata().addToData("k", "v").build()).create();
                List<String> events = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!events.contains("ADDED watched") && System.nanoTime() < deadline) {
                    String event = seen.poll(1, TimeUnit.SECONDS);
                    if (event != null) {
                        events.add(event);
                    }
                }
                assertThat(events).contains("ADDED watched");
            }
        }
    }
}
