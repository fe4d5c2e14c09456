package dev.ingresslab.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests from the front to the object store behind it (fabric8's mock server), for writes the front prepares. */
final class MockUpstream {

    /** An answer of the store. */
    record Answer(int status, byte[] body) {
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // no h2c upgrade: see Sandbox

    /**
     * @param base          the store's address
     * @param authorization the {@code Authorization} value the store requires ({@link StoreGuard})
     */
    MockUpstream(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    Answer send(String method, String pathAndQuery, byte[] json) throws IOException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", authorization)
                .method(method, body).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
