package dev.ingresslab.control;

import dev.ingresslab.proxy.RequestRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Talks to a running instance's {@link ControlServer}, as its {@link ControlFile} says: 127.0.0.1, its port, its
 * token. Each call is one HTTP request (the JDK's client); only {@link #follow} stays open.
 */
public final class ControlClient {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration ANSWER = Duration.ofSeconds(15);

    private final ControlFile file;
    private final HttpClient http;

    public ControlClient(ControlFile file) {
        this.file = file;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The instance this client talks to. */
    public ControlFile file() {
        return file;
    }

    /** {@code GET /v1/routes}. */
    public RoutesAnswer routes() throws ControlException, InterruptedException {
        return read(send(get("/v1/routes").timeout(ANSWER).build()), new TypeReference<RoutesAnswer>() { });
    }

    /** {@code GET /v1/requests}: the journal's requests since {@code since}, oldest first. */
    public List<RequestRecord> requests(Instant since) throws ControlException, InterruptedException {
        return read(send(get("/v1/requests?since=" + encode(since.toString())).timeout(ANSWER).build()),
                new TypeReference<List<RequestRecord>>() { });
    }

    /**
     * Follows the journal: the requests since {@code since}, then each new one, handed to {@code lines} as they
     * come, until the instance ends the stream (the returned text says why) or this thread is interrupted.
     *
     * @return why the instance ended the stream, in its words ({@code serve on port 8080 stopped})
     * @throws ControlException when the instance cannot be reached or refuses to stream
     * @throws StreamLost       when the stream breaks off without the instance's last line: the connection was
     *                          lost, or the instance was killed, or stopped before it could say so; the caller tells
     *                          these apart ({@link ControlDirectory#registered}: a clean stop removes the control
     *                          file first)
     */
    public String follow(Instant since, Consumer<StreamLine> lines) throws ControlException, StreamLost,
            InterruptedException {
        HttpRequest request = get("/v1/requests?follow=true&since=" + encode(since.toString())).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw refused(response.statusCode(), body.readAllBytes());
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (line.isBlank()) {
                    continue; // the instance's heartbeat
                }
                StreamLine parsed = ControlJson.MAPPER.readValue(line, StreamLine.class);
                if (parsed.end() != null) {
                    return parsed.end();
                }
                lines.accept(parsed);
            }
            throw new StreamLost(lost("it closed the stream"), null);
        } catch (IOException | JacksonException e) {
            throw new StreamLost(lost(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private String lost(String how) {
        return "lost the stream of " + file.display() + " before it said it ended (" + how + ")";
    }

    /** {@code POST /v1/explain}. */
    public ExplainQuery.Answer explain(ExplainQuery query) throws ControlException, InterruptedException {
        HttpRequest request = request("/v1/explain").timeout(ANSWER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ControlJson.MAPPER.writeValueAsBytes(query))).build();
        return read(send(request), new TypeReference<ExplainQuery.Answer>() { });
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return request(pathAndQuery).GET();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + file.port() + pathAndQuery))
                .header("Authorization", "Bearer " + file.token());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws ControlException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) throws ControlException {
        if (response.statusCode() != 200) {
            throw refused(response.statusCode(), response.body());
        }
        try {
            return ControlJson.MAPPER.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new ControlException(file.display() + " answered something this version cannot read ("
                    + e.getOriginalMessage() + "); is it another version of Ingress Lab?", response.statusCode(), e);
        }
    }

    private ControlException refused(int status, byte[] body) {
        String message;
        try {
            Map<String, String> error = ControlJson.MAPPER.readValue(body, new TypeReference<Map<String, String>>() { });
            message = error.getOrDefault("error", new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        return new ControlException(status == 400 ? message : file.display() + " answered " + status + ": " + message,
                status, null);
    }

    private ControlException unreachable(IOException e) {
        boolean alive = ProcessHandle.of(file.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) { // it stopped meanwhile: nothing to kill (its pid may already be another process's)
            return new ControlException(file.display() + " stopped (its process " + file.pid() + " has ended);"
                    + " start it again to read it", 0, e);
        }
        return new ControlException(file.display() + " does not answer on its control port " + file.port() + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); if it hangs, stop"
                + " it (kill " + file.pid() + ") and start it again", 0, e);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
