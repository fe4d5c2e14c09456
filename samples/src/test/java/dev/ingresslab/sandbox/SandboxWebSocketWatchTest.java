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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches over a WebSocket, as kube-apiserver serves them: a fabric8 client with its default settings (which asks for
 * a WebSocket first, and waited ~19 s per watch while the sandbox refused it with 503) gets each change at once; the
 * frames, one event per text message, follow the resourceVersion, selectors and bookmarks as a chunked watch does;
 * a request that cannot be a WebSocket watch gets a {@code Status}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxWebSocketWatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Instead of the product's 5 s: a quiet watch's bookmark or ping comes as surely, sooner. */
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    /** Far below the 19 s of fabric8's retries of a refused WebSocket, far above a change's way on a loaded machine. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static RawHttp api;
    private static String auth;

    @BeforeAll
    static void startSandbox() throws Exception {
        sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT,
                HttpWatch.Limits.DEFAULT.withHeartbeat(HEARTBEAT));
        api = RawHttp.apiServer(sandbox.kubeconfig());
        auth = "Host: 127.0.0.1\nAuthorization: Bearer " + RawHttp.token(sandbox.kubeconfig()) + "\n";
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static ConfigMap create(String name, String label) {
        return sandbox.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName(name).addToLabels("test", label).endMetadata().addToData("k", "v").build()).create();
    }

    @Test
    void fabric8WithDefaultSettingsWatchesOverAWebSocketAndGetsEachChangeAtOnce() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(sandbox.kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            var configMaps = client.configMaps().inNamespace("default").withLabel("test", "fabric8");
            long start = System.nanoTime();
            try (Watch watch = configMaps.watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    seen.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                Duration established = Duration.ofNanos(System.nanoTime() - start);
                assertThat(watch.getClass().getSimpleName()).as("fabric8's WebSocket watch, not its HTTP fallback")
                        .isEqualTo("WatchConnectionManager");
                assertThat(established).as("the watch is open without retries").isLessThan(AT_ONCE);

                create("watched", "fabric8");
                Duration added = awaitEvent(seen, "ADDED watched");
                client.configMaps().inNamespace("default").withName("watched")
                        .edit(map -> new ConfigMapBuilder(map).addToData("k2", "v2").build());
                Duration modified = awaitEvent(seen, "MODIFIED watched");
                client.configMaps().inNamespace("default").withName("watched").delete();
                Duration deleted = awaitEvent(seen, "DELETED watched");
                System.out.printf("fabric8 (default settings) over a WebSocket: watch open in %d ms; ADDED %d ms,"
                                + " MODIFIED %d ms, DELETED %d ms after each change%n", established.toMillis(),
                        added.toMillis(), modified.toMillis(), deleted.toMillis());
            }
        }
    }

    /** Waits for {@code expected} among the events (others are skipped); how long it took. */
    private static Duration awaitEvent(BlockingQueue<String> seen, String expected) throws InterruptedException {
        long start = System.nanoTime();
        List<String> other = new ArrayList<>();
        while (System.nanoTime() - start < AT_ONCE.toNanos()) {
            String event = seen.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(event)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (event != null) {
                other.add(event);
            }
        }
        throw new AssertionError("no " + expected + " within " + AT_ONCE.toSeconds() + " s; other events: " + other);
    }

    @Test
    void eachTextMessageIsOneEventAfterTheResourceVersionAskedWithTheSelectorsApplied() throws Exception {
        String listedAt = create("raw-a", "raw").getMetadata().getResourceVersion();
        create("raw-b", "raw");
        create("raw-other", "other");
        try (RawWebSocket socket = RawWebSocket.open(api, CONFIGMAPS + "?watch=true&labelSelector=test%3Draw"
                + "&resourceVersion=" + listedAt, auth, 0)) {
            assertThat(socket.status()).as(socket.head).isEqualTo(101);
            assertThat(socket.head).containsIgnoringCase("Upgrade: websocket");

            String first = socket.nextText();
            assertThat(first).as("one event, a line end after it, as kube-apiserver's JSON encoder writes it")
                    .endsWith("}\n");
            assertThat(event(first)).as("what is newer than the resourceVersion asked, selected")
                    .isEqualTo("ADDED raw-b");
            sandbox.client().configMaps().inNamespace("default").withName("raw-other")
                    .edit(map -> new ConfigMapBuilder(map).addToData("k2", "v2").build());
            sandbox.client().configMaps().inNamespace("default").withName("raw-a")
                    .edit(map -> new ConfigMapBuilder(map).addToData("k2", "v2").build());
            assertThat(event(socket.nextText())).as("the change of raw-a; raw-other is not selected")
                    .isEqualTo("MODIFIED raw-a");
            socket.sendText("ignored: a watch takes no input");
            sandbox.client().configMaps().inNamespace("default").withName("raw-b").delete();
            assertThat(event(socket.nextText())).isEqualTo("DELETED raw-b");
        }

        // the deprecated /watch/ path, which kube-apiserver still serves, and no resourceVersion: everything there is
        try (RawWebSocket socket = RawWebSocket.open(api, "/api/v1/watch/namespaces/default/configmaps"
                + "?labelSelector=test%3Draw", auth, 0)) {
            assertThat(socket.status()).as(socket.head).isEqualTo(101);
            assertThat(event(socket.nextText())).isEqualTo("ADDED raw-a");
        }
    }

    private static String event(String message) {
        JsonNode event = JSON.readTree(message);
        return event.path("type").asString() + " " + event.path("object").path("metadata").path("name").asString();
    }

    @Test
    void aQuietWatchGetsBookmarksWhenItAsksForThemAndPingsOtherwise() throws Exception {
        try (RawWebSocket bookmarks = RawWebSocket.open(api, "/apis/networking.k8s.io/v1/ingresses?watch=true"
                + "&allowWatchBookmarks=true&resourceVersion=1&fieldSelector=metadata.name%3Dnone", auth, 0)) {
            assertThat(bookmarks.status()).isEqualTo(101);
            JsonNode bookmark = JSON.readTree(bookmarks.nextText());
            assertThat(bookmark.path("type").asString()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("kind").asString()).isEqualTo("Ingress");
            assertThat(bookmark.path("object").path("metadata").path("resourceVersion").asString())
                    .matches("[1-9][0-9]*");
        }
        try (RawWebSocket quiet = RawWebSocket.open(api, "/apis/networking.k8s.io/v1/ingresses?watch=true"
                + "&fieldSelector=metadata.name%3Dnone", auth, 0)) {
            assertThat(quiet.status()).isEqualTo(101);
            RawWebSocket.Frame frame = quiet.next();
            assertThat(frame.opcode()).as("a ping (RFC 6455 §5.5.2), which the client answers by itself")
                    .isEqualTo(9);
        }
    }

    @Test
    void whatCannotBeAWebSocketWatchGetsAStatusThatSaysWhy() throws Exception {
        RawWebSocket oldVersion = RawWebSocket.open(api, CONFIGMAPS + "?watch=true", auth
                + "Sec-WebSocket-Version: 99\n", 0);
        assertThat(oldVersion.status()).isEqualTo(400);
        assertThat(oldVersion.refusal()).contains("\"kind\":\"Status\"").contains("\"reason\":\"BadRequest\"")
                .contains("not a valid WebSocket handshake").contains("Sec-WebSocket-Version: 13");
        oldVersion.close();

        RawWebSocket notAWatch = RawWebSocket.open(api, CONFIGMAPS, auth, 0);
        assertThat(notAWatch.status()).isEqualTo(400);
        assertThat(notAWatch.refusal()).contains("\"kind\":\"Status\"").contains("only for a watch");
        notAWatch.close();

        RawWebSocket badSelector = RawWebSocket.open(api, CONFIGMAPS + "?watch=true&fieldSelector=nonsense",
                auth, 0);
        assertThat(badSelector.status()).isEqualTo(400);
        assertThat(badSelector.refusal()).contains("\"kind\":\"Status\"").contains("invalid field selector: nonsense");
        badSelector.close();

        RawWebSocket noToken = RawWebSocket.open(api, CONFIGMAPS + "?watch=true", "Host: 127.0.0.1\n", 0);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.refusal()).contains("\"reason\":\"Unauthorized\"");
        noToken.close();

        RawWebSocket page = RawWebSocket.open(api, CONFIGMAPS + "?watch=true", auth
                + "Origin: https://evil.example\n", 0);
        assertThat(page.status()).as("a web page's WebSocket (browsers send its Origin)").isEqualTo(403);
        page.close();
    }
}
