package dev.ingresslab.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a simulated pod serves, like the book's kuard: which Deployment and Pod answered, and the request it got
 * (method, Host, path, headers), as HTML for browsers and JSON for {@code Accept: application/json} or curl.
 * Listens on 127.0.0.1 only, on a free port.
 */
public final class SampleBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String namespace;
    private final String deployment;
    private final String pod;
    private final HttpServer server;
    private final ExecutorService executor;
    /** The last requests, one line each, as the pod's log: {@code kubectl logs} shows them. */
    private final java.util.ArrayDeque<String> log = new java.util.ArrayDeque<>();
    private static final int LOG_LINES = 1000;

    private SampleBackend(String namespace, String deployment, String pod) throws IOException {
        this.namespace = namespace;
        this.deployment = deployment;
        this.pod = pod;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sample-" + pod);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    public static SampleBackend start(String namespace, String deployment, String pod) {
        try {
            return new SampleBackend(namespace, deployment, pod);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sample backend of pod " + pod, e);
        }
    }

    /** The request log, oldest first. */
    public java.util.List<String> log() {
        synchronized (log) {
            return java.util.List.copyOf(log);
        }
    }

    private void record(Map<String, Object> seen) {
        String line = java.time.Instant.now() + " " + seen.get("method") + " " + seen.get("host") + " "
                + seen.get("path");
        synchronized (log) {
            if (log.size() == LOG_LINES) {
                log.removeFirst();
            }
            log.addLast(line);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("deployment", deployment);
            seen.put("pod", pod);
            seen.put("namespace", namespace);
            seen.put("method", exchange.getRequestMethod());
            seen.put("host", exchange.getRequestHeaders().getFirst("Host"));
            seen.put("path", exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            record(seen);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            seen.put("headers", headers);
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean html = accept != null && accept.contains("text/html");
            byte[] body = html ? html(seen, headers).getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(seen);
            exchange.getResponseHeaders().set("Content-Type", html ? "text/html; charset=utf-8" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private String html(Map<String, Object> seen, Map<String, String> headers) {
        StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(deployment)).append("</title><style>body{font:15px/1.5 system-ui,sans-serif;"
                        + "margin:3em}td{padding:0 1em 0 0;vertical-align:top}</style></head><body><h1>")
                .append(escape(deployment)).append("</h1><p>answered by Pod <b>").append(escape(pod))
                .append("</b> in namespace ").append(escape(namespace)).append("</p><table>");
        for (String key : new String[] {"method", "host", "path"}) {
            page.append("<tr><td>").append(key).append("</td><td><code>").append(escape(String.valueOf(seen.get(key))))
                    .append("</code></td></tr>");
        }
        page.append("</table><h2>Request headers</h2><table>");
        headers.forEach((name, value) -> page.append("<tr><td>").append(escape(name)).append("</td><td><code>")
                .append(escape(value)).append("</code></td></tr>"));
        return page.append("</table></body></html>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
