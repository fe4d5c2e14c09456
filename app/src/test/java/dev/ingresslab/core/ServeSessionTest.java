package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RouteSource;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve}: routes from files to a real backend, reloads on change, keeps the last good routes. */
class ServeSessionTest {

    @TempDir
    Path dir;
    private HttpServer backend;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void startBackend() throws Exception {
        backend = ServeFixtures.backend(exchange -> "backend saw " + exchange.getRequestURI());
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private String manifests(String host) {
        return ServeFixtures.service("web", 80, backend.getAddress().getPort()) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  rules:
                    - host: %s
                      http:
                        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]
                """.formatted(host);
    }

    @Test
    void servesReloadsAndKeepsTheLastGoodRoutes() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("old.example.com"), 1);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        ProxySettings settings = ServeFixtures.loopbackProxy();
        try (ServeSession session = ServeSession.start(List.of(file.toString()), settings,
                TranslatorSettings.defaults(), AccessLog.Format.TEXT, Duration.ofMillis(20), out)) {
            int port = session.server().httpPort();
            assertThat(get(port, "old.example.com", "/x")).isEqualTo("200 backend saw /x");

            write(file, manifests("new.example.com"), 2);
            awaitStatus(port, "new.example.com", 200);
            assertThat(get(port, "old.example.com", "/x")).startsWith("404");

            write(file, manifests("new.example.com") + "\n  broken: [", 3);
            awaitOutput("still serving the previous routes");
            assertThat(get(port, "new.example.com", "/y")).isEqualTo("200 backend saw /y");
        }
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("serving 1 route:").contains("reloaded 1 route:")
                .contains(" 200 GET old.example.com/x  default/web rule 0 path 0 (Prefix /) -> web:http");
    }

    /**
     * An HTTPRoute made by {@code convert} keeps its Ingress's name: the route list serve prints at start and on each
     * reload, and each finding, name the kind as {@code routes}'s OBJECT column does.
     */
    @Test
    void theRouteListAndTheFindingsNameTheKindWhenAnIngressAndAnHttpRouteShareAName() throws Exception {
        Path file = dir.resolve("web.yaml");
        String route = "---\n" + ServeFixtures.LAB_GATEWAY + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web}
                spec:
                  parentRefs: [{name: lab}]
                  hostnames: [web.example.com]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /api}}]
                      backendRefs: [{name: web, port: 80}]
                    - matches: [{path: {type: PathPrefix, value: /gone}}]
                      backendRefs: [{name: nothing, port: 80}]
                """;
        write(file, manifests("web.example.com") + route, 1);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        try (ServeSession session = ServeSession.start(List.of(file.toString()), ServeFixtures.loopbackProxy(),
                TranslatorSettings.defaults(), null, Duration.ofMillis(20), out)) {
            int port = session.server().httpPort();
            assertThat(get(port, "web.example.com", "/api/x")).isEqualTo("200 backend saw /api/x");

            write(file, manifests("web.example.com") + route.replace("/api", "/v2"), 2);
            // the reload prints its findings, then its header, then a line per route: wait for all three routes
            await(() -> output.toString(StandardCharsets.UTF_8).lines().dropWhile(line -> !line.equals("reloaded 3"
                    + " routes:")).filter(line -> line.contains("  from ")).count() == 3, "the reloaded routes");
        }
        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).contains("serving 3 routes:", "reloaded 3 routes:")
                .anySatisfy(line -> assertThat(line).contains("web.example.com Prefix /api")
                        .endsWith("  from HTTPRoute default/web"))
                .anySatisfy(line -> assertThat(line).contains("web.example.com Prefix /v2")
                        .endsWith("  from HTTPRoute default/web"))
                .anySatisfy(line -> assertThat(line).contains("web.example.com Prefix / ")
                        .endsWith("  from Ingress default/web"))
                .anySatisfy(line -> assertThat(line).startsWith("warning HTTPRoute default/web ")
                        .contains("nothing"))
                .noneSatisfy(line -> assertThat(line).containsPattern("(from|warning|info) default/"));
    }

    /**
     * The access log is written off the IO threads, in batches: a clean stop still writes every line, in order, before
     * {@code close} returns (ProxyRuntime closes the proxy, then the log's feed, which flushes).
     */
    @Test
    void everyAccessLogLineIsWrittenInOrderByTheTimeServeHasStopped() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("web.example.com"), 1);
        PrintStream out = new PrintStream(output, false, StandardCharsets.UTF_8);
        ProxySettings settings = ServeFixtures.loopbackProxy();
        int requests = 100;
        try (ServeSession session = ServeSession.start(List.of(file.toString()), settings,
                TranslatorSettings.defaults(), AccessLog.Format.TEXT, Duration.ofSeconds(60), out)) {
            int port = session.server().httpPort();
            for (int i = 0; i < requests; i++) {
                assertThat(get(port, "web.example.com", "/n" + i)).isEqualTo("200 backend saw /n" + i);
            }
        } // stopped at once after the last answer: well within the log's batching delay
        List<String> logged = output.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(" GET web.example.com/n")).toList();
        assertThat(logged).hasSize(requests);
        for (int i = 0; i < requests; i++) {
            assertThat(logged.get(i)).contains(" 200 GET web.example.com/n" + i + "  default/web rule 0 path 0");
        }
    }

    /** The natural first try: the chapter's folder, which has Deployments and Services but no EndpointSlices. */
    @Test
    void theChaptersSamplesSayWhatServeNeedsAtStartAndInThe503Page() throws Exception {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        ProxySettings settings = ServeFixtures.loopbackProxy()
                .withRouteSource(RouteSource.MANIFEST_FILES);
        try (ServeSession session = ServeSession.start(List.of("../samples/ch8/"), settings,
                TranslatorSettings.defaults(), null, Duration.ofSeconds(5), out)) {
            // bandicoot.example.com: alpaca.example.com is also the TLS step's host, so plain HTTP is redirected there
            String page = get(session.server().httpPort(), "bandicoot.example.com", "/");

            assertThat(page).startsWith("503").contains("EndpointSlices in its manifest files")
                    .contains("kubernetes.io/service-name=bandicoot").contains("ingress-lab demo")
                    .doesNotContain("kubectl");
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("without endpoints (default/alpaca,")
                .contains("will answer 503. serve runs no Pods").contains("run `ingress-lab demo` instead");
    }

    @Test
    void aClustersRoutesPointTo503sToKubectl() throws Exception {
        Path file = dir.resolve("web.yaml");
        // the Service's only EndpointSlice has no ready address
        write(file, manifests("web.example.com").replace("endpoints: [{addresses: [127.0.0.1]}]",
                "endpoints: [{addresses: [127.0.0.1], conditions: {ready: false}}]"), 1);
        ProxySettings settings = ServeFixtures.loopbackProxy();
        try (ServeSession session = ServeSession.start(List.of(file.toString()), settings,
                TranslatorSettings.defaults(), null, Duration.ofSeconds(5),
                new PrintStream(output, true, StandardCharsets.UTF_8))) {
            assertThat(get(session.server().httpPort(), "web.example.com", "/")).startsWith("503")
                    .contains("check: kubectl get endpointslices -n default -l kubernetes.io/service-name=web");
        }
    }

    /**
     * Issue #11 §2: the patterns that made RE2/J compile for minutes, fill the heap and kill the reloader are
     * refused with a diagnostic; the other paths serve, and later edits are still applied.
     */
    @Test
    void pathologicalRegexesInAWatchedFileAreRefusedAndLaterEditsStillApply() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("web.example.com"), 1);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        ProxySettings settings = ServeFixtures.loopbackProxy();
        try (ServeSession session = ServeSession.start(List.of(file.toString()), settings,
                TranslatorSettings.defaults(), null, Duration.ofMillis(20), out)) {
            int port = session.server().httpPort();

            String regexes = manifests("web.example.com") + """
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata:
                      name: regex
                      annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}
                    spec:
                      rules:
                        - host: regex.example.com
                          http:
                            paths:
                              - {path: "/(?:(?:a{1,100}){1,100}){1,100}x", pathType: ImplementationSpecific, backend: {service: {name: web, port: {name: http}}}}
                              - {path: "/(?:(?:a{1,1000}){1,1000}){1,1000}", pathType: ImplementationSpecific, backend: {service: {name: web, port: {name: http}}}}
                              - {path: "/fine/[0-9]+", pathType: ImplementationSpecific, backend: {service: {name: web, port: {name: http}}}}
                    """;
            write(file, regexes, 2);
            awaitStatus(port, "regex.example.com", "/fine/7", 200);
            // the table is swapped in before the reload is printed (findings first): wait for the second finding
            awaitOutput("warning Ingress default/regex spec.rules[0].http.paths[1].path");
            assertThat(output.toString(StandardCharsets.UTF_8))
                    .contains("warning Ingress default/regex spec.rules[0].http.paths[0].path: the path"
                            + " /(?:(?:a{1,100}){1,100}){1,100}x is refused, so this path is disabled: bad repetition"
                            + " operator")
                    .contains("warning Ingress default/regex spec.rules[0].http.paths[1].path: the path"
                            + " /(?:(?:a{1,1000}){1,1000}){1,1000} is refused");
            // the longest request-target the proxy accepts (8 KiB) is matched at once; a longer one is refused
            assertThat(get(port, "regex.example.com", "/" + "a".repeat(8_190) + "x")).startsWith("404");
            assertThat(get(port, "regex.example.com", "/" + "a".repeat(20_000) + "x")).startsWith("414")
                    .contains("the request-target is 20002 bytes; Ingress Lab accepts at most 8192");

            write(file, manifests("after.example.com"), 3);
            awaitStatus(port, "after.example.com", "/", 200);
            assertThat(get(port, "regex.example.com", "/fine/7")).startsWith("404");
        }
    }

    private void awaitStatus(int port, String host, int status) throws Exception {
        awaitStatus(port, host, "/", status);
    }

    private void awaitStatus(int port, String host, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!get(port, host, path).startsWith(String.valueOf(status)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(get(port, host, path)).startsWith(String.valueOf(status));
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).as("within 10 s: " + what).isTrue();
    }

    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!output.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains(text);
    }

    private static String get(int port, String host, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Host", host).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /**
     * Replaces the file in one step, as editors that save safely do, with a distinct modification time. (A file caught
     * half-written is the watcher's to handle, and ManifestWatcherTest's to test: here it would only make the test
     * depend on timing.)
     */
    private static void write(Path file, String text, int version) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.setLastModifiedTime(next, FileTime.fromMillis(1_700_000_000_000L + version * 1000L));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
