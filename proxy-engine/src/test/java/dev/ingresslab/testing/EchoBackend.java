package dev.ingresslab.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP backend on 127.0.0.1 (the JDK's server, not the proxy's): answers with a JSON description of the
 * request it received. {@code /slow?ms=N} waits first; {@code /bytes?n=N} streams N bytes; {@code /count}
 * counts the request body; {@code /hang-up} closes the connection without answering.
 */
public final class EchoBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private EchoBackend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static EchoBackend start(String name) {
        try {
            return new EchoBackend(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test backend", e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            long bodyBytes = drain(exchange.getRequestBody());
            if (path.equals("/hang-up")) {
                return; // closing the exchange without an answer drops the connection
            }
            if (path.equals("/slow")) {
                sleep(Long.parseLong(query.substring("ms=".length())));
            }
            if (path.equals("/bytes")) {
                streamBytes(exchange, Long.parseLong(query.substring("n=".length())));
                return;
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("backend", name);
            echo.put("method", exchange.getRequestMethod());
            echo.put("target", exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            echo.put("bodyBytes", bodyBytes);
            echo.put("headers", headers(exchange.getRequestHeaders()));
            byte[] body = JSON.writeValueAsBytes(echo);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Ingress-Lab-Route", "spoofed by the backend");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> flat = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((key, values) -> flat.put(key, String.join(",", values)));
        return flat;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            total += read;
        }
        return total;
    }

    private static void streamBytes(HttpExchange exchange, long count) throws IOException {
        exchange.sendResponseHeaders(200, count);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < count; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, count - sent));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Reads the echo of a response body. */
    public static Map<String, Object> echo(String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(body.getBytes(StandardCharsets.UTF_8), Map.class);
        return map;
    }
}
