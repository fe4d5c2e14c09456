package dev.ingresslab.core.requests;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionJournal;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real proxy (a {@link LabSession} serving a manifest file, as {@code serve} does) on 127.0.0.1 with two Services on real local backends:
 * {@code alpaca.example.com} routes {@code /a} (Prefix) to Service alpaca and {@code /} to Service bandicoot, as
 * the chapter's path Ingress does. Each backend answers {@code <service> saw <method> <target> <body>}.
 */
public final class RoutedProxy implements AutoCloseable {

    public static final String HOST = "alpaca.example.com";

    public final List<String> seen = new CopyOnWriteArrayList<>();
    /** The header fields each backend received, by the request's X-Request-Id; names compared in any case. */
    public final Map<String, Map<String, List<String>>> received = new ConcurrentHashMap<>();
    private final HttpServer alpaca;
    private final HttpServer bandicoot;
    private final LabSession session;

    public RoutedProxy(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        alpaca = backend("alpaca");
        bandicoot = backend("bandicoot");
        Path file = dir.resolve("path-ingress.yaml");
        Files.writeString(file, service("alpaca", alpaca) + "---\n" + service("bandicoot", bandicoot) + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: path-ingress}
                spec:
                  rules:
                    - host: alpaca.example.com
                      http:
                        paths:
                          - {path: /a, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                          - {path: /, pathType: Prefix, backend: {service: {name: bandicoot, port: {number: 8080}}}}
                """);
        ProxySettings settings = ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)
                .withIoThreads(2);
        session = LabSession.start(new Source.Manifests(List.of(file)), SessionOptions.defaults()
                .withDataDirectory(dir.resolve("data")).withProxy(settings).withReloadInterval(Duration.ofSeconds(30)));
    }

    private HttpServer backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String said = name + " saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body;
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            fields.putAll(exchange.getRequestHeaders());
            received.put(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")), fields);
            seen.add(said + " | x-request-id=" + exchange.getRequestHeaders().getFirst("X-Request-Id")
                    + " | x-note=" + exchange.getRequestHeaders().getFirst("X-Note"));
            byte[] bytes = said.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String service(String name, HttpServer backend) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec: {ports: [{port: 8080}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{port: %2$d}]
                endpoints: [{addresses: [127.0.0.1]}]
                """.formatted(name, backend.getAddress().getPort());
    }

    public LabSession session() {
        return session;
    }

    public InetSocketAddress address() {
        return ProxyAddress.of(session.current().connection()).orElseThrow();
    }

    public SessionJournal journal() {
        return session.journal();
    }

    /** A GET as curl sends it ({@code curl -H 'Host: …' http://127.0.0.1:port/target}); returns the status line. */
    public String get(String host, String target) throws IOException {
        return get(host, target, "");
    }

    /** As {@link #get(String, String)}, with more field lines ({@code "X-Lab: 1\r\n"}, each ended by CRLF). */
    public String get(String host, String target, String moreFields) throws IOException {
        return send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"
                + moreFields + "Connection: close\r\n\r\n");
    }

    /** Sends {@code request} (head and body, as ISO-8859-1) on a new connection; returns the status line. */
    public String send(String request) throws IOException {
        try (Socket socket = new Socket(address().getAddress(), address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
        }
    }

    /**
     * Waits (at most 10 s: a busy machine) until the journal lists {@code count} records; returns them, oldest first.
     */
    public List<dev.ingresslab.proxy.RequestRecord> awaitRecords(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // counted when its number is claimed, listed once stored: wait for the listing
        while (journal().recent(count).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return journal().recent(count);
    }

    @Override
    public void close() {
        session.close();
        alpaca.stop(0);
        bandicoot.stop(0);
    }
}
