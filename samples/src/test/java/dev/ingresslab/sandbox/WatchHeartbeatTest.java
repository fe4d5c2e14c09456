package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quiet watch of a client that asks for bookmarks (fabric8's informers, {@code allowWatchBookmarks=true}) gets
 * BOOKMARK events as its heartbeat, never a blank line: fabric8 reads each line as an event, and a blank one stopped
 * its watch ("watch failed … will stop"), which {@code up} then reported as a disconnection (#12 §2).
 */
class WatchHeartbeatTest {

    @TempDir
    Path dir;

    @Test
    void aQuietWatchWithBookmarksGetsBookmarksNotBlankLines() throws Exception {
        // a heartbeat every 300 ms instead of the product's 5 s: the same bookmark, sooner
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"), KubectlFront.BODY_TIMEOUT,
                HttpWatch.Limits.DEFAULT.withHeartbeat(Duration.ofMillis(300)))) {
            Matcher token = Pattern.compile("token:\\s*\"?([^\"}\\s,]+)").matcher(Files.readString(
                    sandbox.kubeconfig()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.apiServerUrl()
                    + "/apis/networking.k8s.io/v1/ingresses?allowWatchBookmarks=true&resourceVersion=1&watch=true"));
            if (token.find()) {
                request.header("Authorization", "Bearer " + token.group(1));
            }
            HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(RawHttp.trusting(sandbox.kubeconfig())).build().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            List<String> lines = new ArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        synchronized (lines) {
                            lines.add(line);
                            if (line.contains("BOOKMARK")) {
                                return;
                            }
                        }
                    }
                } catch (Exception e) {
                    // closed below
                }
            });
            try {
                reading.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // asserted below
            } finally {
                response.body().close();
            }

            synchronized (lines) {
                assertThat(lines).as("what a quiet watch sent").isNotEmpty().noneMatch(String::isBlank)
                        .last().asString().contains("\"type\":\"BOOKMARK\"").contains("\"kind\":\"Ingress\"")
                        // the store's version when the watch began (the namespaces a sandbox starts with are newer
                        // than the 1 asked for), as the API server's bookmarks carry the version it has reached
                        .containsPattern("\"resourceVersion\":\"[1-9][0-9]*\"");
            }
        }
    }
}
