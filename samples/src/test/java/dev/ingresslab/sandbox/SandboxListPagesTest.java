package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lists in chunks, as kube-apiserver serves them: {@code limit}, {@code continue}, {@code remainingItemCount}, over
 * raw HTTP and through the real kubectl's chunked {@code get} ({@code --chunk-size}); and the API server's 400s for
 * a continue token it cannot use.
 */
class SandboxListPagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INGRESSES = "/apis/networking.k8s.io/v1/ingresses";
    private static final List<String> NAMES = List.of("ing-a", "ing-b", "ing-c", "ing-d", "ing-e");

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static RawHttp api;
    private static String token;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), Duration.ofSeconds(20), HttpWatch.Limits.DEFAULT);
        api = RawHttp.apiServer(sandbox.kubeconfig());
        token = RawHttp.token(sandbox.kubeconfig());
        for (String name : List.of("ing-e", "ing-c", "ing-a", "ing-d", "ing-b")) { // created out of order: the list is in key order all the same
            sandbox.client().network().v1().ingresses().inNamespace("default").resource(new IngressBuilder()
                    .withNewMetadata().withName(name).endMetadata().withNewSpec().withNewDefaultBackend()
                    .withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
                    .endDefaultBackend().endSpec().build()).create();
        }
        sandbox.client().network().v1().ingresses().inNamespace("kube-public").resource(new IngressBuilder()
                .withNewMetadata().withName("ing-0").endMetadata().withNewSpec().withNewDefaultBackend()
                .withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
                .endDefaultBackend().endSpec().build()).create();
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static RawHttp.Answer get(String target) throws Exception {
        return api.exchange("GET " + target + " HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer " + token
                + "\nConnection: close\n", "");
    }

    private static JsonNode list(String target) throws Exception {
        RawHttp.Answer answer = get(target);
        assertThat(answer.status()).as(target + ": " + answer.text()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(item -> names.add(item.path("metadata").path("name").asString()));
        return names;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aNamespacedListComesInPagesOfTheLimitWithAContinueTokenAndTheCountLeft() throws Exception {
        String base = "/apis/networking.k8s.io/v1/namespaces/default/ingresses";
        JsonNode first = list(base + "?limit=2");
        assertThat(names(first)).containsExactly("ing-a", "ing-b");
        assertThat(first.path("kind").asString()).isEqualTo("IngressList");
        assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);
        String next = first.path("metadata").path("continue").asString();
        String decoded = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8);
        assertThat(decoded).as("the API server's token: version, revision, the key after which to go on")
                .startsWith("{\"v\":\"meta.k8s.io/v1\",\"rv\":").endsWith(",\"start\":\"ing-b\\u0000\"}");
        assertThat(next).doesNotContain("=", "+", "/");

        JsonNode second = list(base + "?limit=2&continue=" + encoded(next));
        assertThat(names(second)).containsExactly("ing-c", "ing-d");
        assertThat(second.path("metadata").path("remainingItemCount").asLong()).isEqualTo(1);
        assertThat(second.path("metadata").path("resourceVersion").asString()).as("the first page's")
                .isEqualTo(first.path("metadata").path("resourceVersion").asString());

        JsonNode last = list(base + "?limit=2&continue=" + encoded(second.path("metadata").path("continue")
                .asString()));
        assertThat(names(last)).containsExactly("ing-e");
        assertThat(last.path("metadata").has("continue")).as("the last page").isFalse();
        assertThat(last.path("metadata").has("remainingItemCount")).isFalse();

        assertThat(names(list(base + "?limit=500"))).as("kubectl's default chunk").isEqualTo(NAMES);
        assertThat(list(base + "?limit=500").path("metadata").has("continue")).isFalse();
        assertThat(names(list(base + "?limit=0"))).as("0: no limit").isEqualTo(NAMES);
        assertThat(names(list(base + "?limit=5"))).isEqualTo(NAMES);
        assertThat(list(base + "?limit=5").path("metadata").has("continue")).as("exactly the limit: done").isFalse();
    }

    @Test
    void aListAcrossNamespacesPagesInNamespaceThenNameOrder() throws Exception {
        JsonNode first = list(INGRESSES + "?limit=4");
        assertThat(names(first)).containsExactly("ing-a", "ing-b", "ing-c", "ing-d");
        assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(2);
        String next = first.path("metadata").path("continue").asString();
        assertThat(new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8))
                .endsWith("\"start\":\"default/ing-d\\u0000\"}");
        JsonNode rest = list(INGRESSES + "?limit=4&continue=" + encoded(next));
        assertThat(names(rest)).containsExactly("ing-e", "ing-0");
        assertThat(rest.path("items").get(1).path("metadata").path("namespace").asString()).isEqualTo("kube-public");
    }

    @Test
    void aFilteredListIsPagedWithoutACount() throws Exception {
        JsonNode first = list(INGRESSES + "?limit=2&fieldSelector=metadata.namespace%3Ddefault");
        assertThat(names(first)).containsExactly("ing-a", "ing-b");
        assertThat(first.path("metadata").has("continue")).isTrue();
        assertThat(first.path("metadata").has("remainingItemCount")).as("omitted with a selector, as the API server"
                + " does").isFalse();
    }

    @Test
    void aTableIsPagedToo() throws Exception {
        RawHttp.Answer answer = api.exchange("GET " + INGRESSES + "?limit=3 HTTP/1.1\nHost: 127.0.0.1\n"
                + "Authorization: Bearer " + token + "\nAccept: application/json;as=Table;v=v1;g=meta.k8s.io\n"
                + "Connection: close\n", "");
        JsonNode table = JSON.readTree(answer.body());
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        assertThat(table.path("rows").size()).isEqualTo(3);
        assertThat(table.path("metadata").path("continue").asString()).isNotEmpty();
        assertThat(table.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);
    }

    @Test
    void aContinueTokenTheServerCannotUseIsA400WithItsMessage() throws Exception {
        String base = "/apis/networking.k8s.io/v1/namespaces/default/ingresses?limit=2&continue=";
        record Bad(String token, String message) {
        }
        for (Bad bad : List.of(
                new Bad("not*base64", "invalid continue token: continue key is not valid: illegal base64 data at"
                        + " input byte 3"),
                // the tester's token: bytes that are not JSON (0x81 first) get encoding/json's words, never the parser's
                new Bad(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0x81, 1, 2}),
                        "invalid continue token: continue key is not valid: invalid character '\\u0081' looking for"
                                + " beginning of value"),
                new Bad(token64("   "), "invalid continue token: continue key is not valid: unexpected end of JSON"
                        + " input"),
                new Bad(token64("{\"v\": tru"), "invalid continue token: continue key is not valid: the decoded token"
                        + " is not a JSON object"),
                new Bad(token64("{\"v\":\"meta.k8s.io/v2\",\"rv\":5,\"start\":\"a\"}"),
                        "invalid continue token: continue key is not valid: server does not recognize this encoded"
                                + " version"),
                new Bad(token64("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}"),
                        "invalid continue token: continue key is not valid: incorrect encoded start resourceVersion"
                                + " (version meta.k8s.io/v1)"),
                new Bad(token64("{\"v\":\"meta.k8s.io/v1\",\"rv\":5,\"start\":\"\"}"),
                        "invalid continue token: continue key is not valid: encoded start key empty (version"
                                + " meta.k8s.io/v1)"),
                new Bad(token64("{\"v\":\"meta.k8s.io/v1\",\"rv\":5,\"start\":\"../kube-system/x\"}"),
                        "invalid continue token: continue key is not valid: ../kube-system/x"))) {
            RawHttp.Answer answer = get(base + encoded(bad.token()));
            assertThat(answer.status()).as(bad.token()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("message").asString()).as(bad.token())
                    .startsWith(bad.message()).doesNotContain("Source").doesNotContain("REDACTED")
                    .doesNotContain("Feature").doesNotContain("line:");
        }
        String good = list("/apis/networking.k8s.io/v1/namespaces/default/ingresses?limit=2").path("metadata")
                .path("continue").asString();
        RawHttp.Answer withVersion = get(base + encoded(good) + "&resourceVersion=7");
        assertThat(withVersion.status()).isEqualTo(400);
        assertThat(withVersion.body()).contains("specifying resource version is not allowed when using continue");
        RawHttp.Answer badLimit = get("/apis/networking.k8s.io/v1/ingresses?limit=two");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit").contains("two");
    }

    private static String token64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void kubectlGetsEveryIngressInChunksOfTwo() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        Kubectl kubectl = new Kubectl(sandbox.kubeconfig());
        String table = kubectl.ok("get", "ingress", "--chunk-size=2", "-v=6");
        List<String> requests = table.lines().filter(l -> l.contains("GET https://") && l.contains("/ingresses?"))
                .toList();
        assertThat(requests).as(table).hasSize(3);
        assertThat(requests.get(0)).contains("limit=2").doesNotContain("continue=");
        assertThat(requests.get(1)).contains("limit=2").contains("continue=");
        assertThat(requests.get(2)).contains("limit=2").contains("continue=");
        List<String> rows = table.lines().filter(l -> l.startsWith("ing-")).map(l -> l.split("\\s+")[0]).toList();
        assertThat(rows).isEqualTo(NAMES);
        assertThat(table.lines().filter(l -> l.startsWith("NAME ")).count()).as("one header").isEqualTo(1);

        String json = kubectl.ok("get", "ingress", "-A", "--chunk-size=2", "-o",
                "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {end}");
        assertThat(json.trim()).isEqualTo("default/ing-a default/ing-b default/ing-c default/ing-d default/ing-e"
                + " kube-public/ing-0");
    }
}
