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

    /**
     * Sends a request to the store; its answer, an error always as a {@code Status} ({@link #asApiServerAnswers}).
     *
     * @throws IOException when the store does not answer
     */
    Answer send(String method, String pathAndQuery, byte[] json) throws IOException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", authorization)
                .method(method, body).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return asApiServerAnswers(method, pathAndQuery, new Answer(response.statusCode(), response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The store's answer as kube-apiserver would give it: the store answers a missing object (get, update, patch,
     * delete; a missing namespace too) with an empty 404, on which kubectl can only say "the server could not find
     * the requested resource"; kube-apiserver answers {@code configmaps "x" not found} ({@code errors.NewNotFound}).
     * Any other error without a {@code Status} body gets one for its code.
     */
    static Answer asApiServerAnswers(String method, String pathAndQuery, Answer answer) {
        if (answer.status() < 400 || ApiStatus.isStatus(answer.body())) {
            return answer;
        }
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        var apiPath = ApiPath.parse(path);
        ApiStatus status = answer.status() == 404 && apiPath.isPresent() && apiPath.get().name() != null
                ? ApiStatus.notFound(apiPath.get().resource(), apiPath.get().name())
                : ApiStatus.forCode(answer.status(), "the sandbox's object store answered " + answer.status() + " to "
                        + method + " " + path + (answer.body().length == 0 ? "" : ": "
                        + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)));
        return new Answer(answer.status(), status.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
