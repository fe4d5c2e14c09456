package dev.ingresslab.cli;

import dev.ingresslab.core.ServeFixtures;
import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code try: curl} line of {@code serve}/{@code up} names a host and path the loaded routes take. */
class CurlSuggestionTest {

    @TempDir
    Path dir;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws Exception {
        backend = ServeFixtures.backend(exchange -> "backend " + exchange.getRequestHeaders().getFirst("Host"));
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private String manifests(String rules) {
        return ServeFixtures.service("py", 80, backend.getAddress().getPort()) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: py}
                spec:
                  rules:
                %s
                """.formatted(rules);
    }

    private Optional<String> suggestionFor(String yaml, SuggestionCheck check) throws Exception {
        return suggestionFor(yaml, host -> false, check);
    }

    private Optional<String> suggestionFor(String yaml, java.util.function.Predicate<String> secure,
                                           SuggestionCheck check) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, yaml);
        SessionOptions options = SessionOptions.defaults().withDataDirectory(dir.resolve("data"))
                .withProxy(ServeFixtures.loopbackProxy());
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)), options)) {
            int port = session.current().connection().httpPort();
            Optional<String> line = CurlSuggestion.line(session.current().routes(), port, secure);
            if (line.isPresent()) {
                check.accept(line.get(), port);
            }
            return line;
        }
    }

    @FunctionalInterface
    private interface SuggestionCheck {
        void accept(String line, int port) throws Exception;
    }

    /** Sends the request the line suggests, over a plain socket through the real proxy; expects the backend's 200. */
    private static void answers200(String line, int port) throws Exception {
        Matcher m = Pattern.compile("try: curl (?:-H 'Host: ([^']+)' )?http://127\\.0\\.0\\.1:(\\d+)(/\\S*)").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(port);
        String host = m.group(1) != null ? m.group(1) : "127.0.0.1:" + port;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + m.group(3) + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).as(line).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void namesTheOnlyLoadedHostNotASampleOne() throws Exception {
        Optional<String> line = suggestionFor(manifests("""
                    - host: py.example.com
                      http:
                        paths:
                          - {path: /api, pathType: Prefix, backend: {service: {name: py, port: {name: http}}}}
                """), CurlSuggestionTest::answers200);

        assertThat(line).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("Host: py.example.com").contains("/api").doesNotContain("alpaca");
    }

    @Test
    void aWildcardHostIsNamedByAHostItMatches() throws Exception {
        Optional<String> line = suggestionFor(manifests("""
                    - host: "*.py.example.com"
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: py, port: {name: http}}}}
                """), CurlSuggestionTest::answers200);

        assertThat(line).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("Host: www.py.example.com");
    }

    @Test
    void aRuleForAnyHostNeedsNoHostHeader() throws Exception {
        Optional<String> line = suggestionFor(manifests("""
                    - http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: py, port: {name: http}}}}
                """), CurlSuggestionTest::answers200);

        assertThat(line).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).doesNotContain("Host:");
    }

    @Test
    void noRouteNoSuggestion() throws Exception {
        Optional<String> line = suggestionFor("""
                apiVersion: v1
                kind: Service
                metadata: {name: py}
                spec: {ports: [{name: http, port: 80}]}
                """, (l, p) -> { });

        assertThat(line).isEmpty();
    }

    @Test
    void aHostServedOverHttpsIsNotSuggestedOverPlainHttpWhereItOnlyRedirects() throws Exception {
        String twoHosts = manifests("""
                    - host: a.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: py, port: {name: http}}}}
                    - host: b.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: py, port: {name: http}}}}
                """);

        assertThat(suggestionFor(twoHosts, "a.example.com"::equals, CurlSuggestionTest::answers200))
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("Host: b.example.com");
        assertThat(suggestionFor(twoHosts, host -> true, (l, p) -> { })).as("httpsLine names them").isEmpty();
    }
}
