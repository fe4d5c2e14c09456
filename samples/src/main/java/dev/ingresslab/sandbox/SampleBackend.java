package dev.ingresslab.sandbox;

import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated pod serves, like the book's kuard: which Deployment and Pod answered, and the request it got
 * (method, Host, path, headers), as HTML for browsers and JSON (one line, ending with a newline) for
 * {@code Accept: application/json} or curl. Header names are shown as the client sent them: Undertow keeps the
 * bytes of a name it does not know, and names it knows only when they match its spelling exactly (the JDK's
 * {@code HttpServer} re-cased every name to {@code User-agent}). Listens on 127.0.0.1 only, on a free port.
 */
public final class SampleBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String namespace;
    private final String deployment;
    private final String pod;
    private final Undertow server;
    /** The last requests, one line each, as the pod's log: {@code kubectl logs} shows them. */
    private final java.util.ArrayDeque<String> log = new java.util.ArrayDeque<>();
    private static final int LOG_LINES = 1000;

    /** One IO thread and one buffer pool for every simulated pod of the process: a pod answers small requests. */
    private static final class SharedWorker {
        static final XnioWorker WORKER = create();
        static final ByteBufferPool BUFFERS = new DefaultByteBufferPool(false, 4096);

        private static XnioWorker create() {
            try {
                return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                        .set(Options.WORKER_NAME, "sample-pods").set(Options.WORKER_IO_THREADS, 1)
                        .set(Options.WORKER_TASK_CORE_THREADS, 1).set(Options.WORKER_TASK_MAX_THREADS, 1)
                        .set(Options.THREAD_DAEMON, true).getMap());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated pods' IO thread", e);
            }
        }
    }

    private SampleBackend(String namespace, String deployment, String pod) {
        this.namespace = namespace;
        this.deployment = deployment;
        this.pod = pod;
        this.server = Undertow.builder().setWorker(SharedWorker.WORKER)
                .setByteBufferPool(SharedWorker.BUFFERS).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> exchange.getRequestReceiver().receivePartialBytes(
                        (done, bytes, last) -> {
                            if (last) {
                                answer(done);
                            }
                        })).build();
        server.start();
    }

    /**
     * Starts a pod's server.
     *
     * @throws UncheckedIOException when it cannot listen
     */
    public static SampleBackend start(String namespace, String deployment, String pod) {
        try {
            return new SampleBackend(namespace, deployment, pod);
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot start the sample backend of pod " + pod,
                    e.getCause() instanceof IOException io ? io : new IOException(e));
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
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void answer(HttpServerExchange exchange) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("deployment", deployment);
        seen.put("pod", pod);
        seen.put("namespace", namespace);
        seen.put("method", exchange.getRequestMethod().toString());
        seen.put("host", exchange.getRequestHeaders().getFirst(Headers.HOST));
        seen.put("path", exchange.getRequestURI()
                + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString()));
        record(seen);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), String.join(", ", values));
        }
        seen.put("headers", headers);
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        boolean html = accept != null && accept.contains("text/html");
        String body = html ? html(seen, headers) : JSON.writeValueAsString(seen) + "\n";
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, html ? "text/html; charset=utf-8"
                : "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
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
        server.stop(); // the shared worker stays for the other pods
    }
}
