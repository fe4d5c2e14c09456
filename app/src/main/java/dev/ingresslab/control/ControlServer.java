package dev.ingresslab.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.Subscription;
import dev.ingresslab.proxy.RequestRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The control endpoint of a running {@code demo}, {@code up} or {@code serve}: how {@code routes}, {@code requests}
 * and {@code explain} read its live state. HTTP/1.1 on 127.0.0.1 only, on a port the system chooses, JSON (the
 * JDK's {@code com.sun.net.httpserver}; no JavaFX). Every request must pass the {@link RequestGuard}: a loopback
 * Host, no browser headers, the instance's bearer token.
 *
 * <p>Why loopback HTTP and not a Unix socket: the JDK's HTTP server and client speak it on every system, curl can be
 * pointed at it for debugging, and the token file (owner-only, in the owner-only data directory) protects it as a
 * socket file's permissions would; a Unix socket would have needed an HTTP framing of our own over
 * {@code UnixDomainSocketAddress} channels.
 *
 * <p>Resources ({@code v1}):
 * <ul>
 * <li>{@code GET /v1/instance}: {@link ControlFile.Instance}</li>
 * <li>{@code GET /v1/routes}: {@link RoutesAnswer}</li>
 * <li>{@code GET /v1/requests?since=ISO-8601&limit=N}: a JSON array of {@link RequestRecord}s, oldest first, from
 * the journal's last 10,000; with {@code &follow=true} JSON Lines of {@link StreamLine}s: those, then each new
 * request as it comes, until the client goes or the instance stops (an empty line every 2 s keeps the stream
 * alive and finds a client that went)</li>
 * <li>{@code POST /v1/explain} with an {@link ExplainQuery}: an {@link ExplainQuery.Answer}</li>
 * </ul>
 * Errors are {@code {"error": "…"}} with 400, 401, 403, 404, 405, 413 or 429.
 */
public final class ControlServer implements AutoCloseable {

    /** The largest request body read ({@code POST /v1/explain}); larger ones get 413. */
    static final int MAX_BODY = 64 * 1024;
    /** At most this many follow streams at once (each holds a thread); more get 429. */
    static final int MAX_FOLLOWERS = 4;
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** The longest {@link #close} waits for exchanges in progress to end. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final HttpServer server;
    private final ExecutorService threads;
    private final ControlFile file;
    private final Path written;
    private final RequestGuard guard;
    private final Supplier<Optional<LabSession>> session;
    private final ExplainQuery.Renderer explain;
    private final Semaphore followers = new Semaphore(MAX_FOLLOWERS);
    /** Held shared by each exchange while it is handled; {@link #close} takes it whole to know none is. */
    private final ReadWriteLock exchanges = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private ControlServer(HttpServer server, ExecutorService threads, ControlDirectory directory, ControlFile file,
                          Path written, Supplier<Optional<LabSession>> session, ExplainQuery.Renderer explain) {
        this.server = server;
        this.threads = threads;
        this.file = file;
        this.written = written;
        this.guard = new RequestGuard(file.token());
        this.session = session;
        this.explain = explain;
    }

    /**
     * Opens the endpoint and writes its control file (owner-only, atomically).
     *
     * @param directory where control files are written
     * @param command   {@code demo}, {@code up} or {@code serve}
     * @param httpPort  the proxy's HTTP port
     * @param session   the session in force (a demo's window may stop it and start another); empty when none runs
     * @param explain   how explain answers are rendered
     * @throws IOException when no loopback port can be had or the file cannot be written (nothing is left open)
     */
    public static ControlServer open(ControlDirectory directory, String command, int httpPort,
                                     Supplier<Optional<LabSession>> session, ExplainQuery.Renderer explain)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newFixedThreadPool(MAX_FOLLOWERS * 2, runnable -> {
            Thread thread = new Thread(runnable, "ingress-lab-control");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        ProcessHandle self = ProcessHandle.current();
        ControlFile file = new ControlFile(self.pid(), self.info().startInstant().orElse(null),
                server.getAddress().getPort(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                command, httpPort, command + " on port " + httpPort, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path written;
        try {
            written = directory.register(file);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
        ControlServer control = new ControlServer(server, threads, directory, file, written, session, explain);
        server.createContext("/", control::handleCounted);
        server.start();
        return control;
    }

    /** The control file this endpoint wrote (its token included). */
    public ControlFile file() {
        return file;
    }

    /** The address it listens on: 127.0.0.1 (the JDK's loopback address) and the port in {@link #file()}. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where the control file is. */
    public Path path() {
        return written;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<RequestGuard.Refusal> refusal = guard.check(exchange.getRequestHeaders());
            if (refusal.isPresent()) {
                if (refusal.get().status() == 401) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"ingress-lab\"");
                }
                error(exchange, refusal.get().status(), refusal.get().message());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/v1/instance" -> {
                    if (allowed(exchange, "GET")) {
                        json(exchange, 200, file.withoutToken());
                    }
                }
                case "/v1/routes" -> {
                    if (allowed(exchange, "GET")) {
                        routes(exchange);
                    }
                }
                case "/v1/requests" -> {
                    if (allowed(exchange, "GET")) {
                        requests(exchange);
                    }
                }
                case "/v1/explain" -> {
                    if (allowed(exchange, "POST")) {
                        explain(exchange);
                    }
                }
                default -> error(exchange, 404, "no resource " + path + " (" + method + "): this endpoint serves"
                        + " /v1/instance, /v1/routes, /v1/requests and /v1/explain");
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to tell anyone
        }
    }

    private boolean allowed(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", method);
        error(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestURI().getPath()
                + "; use " + method);
        return false;
    }

    private Optional<LabSession> running(HttpExchange exchange) throws IOException {
        Optional<LabSession> now = session.get();
        if (now.isEmpty()) {
            error(exchange, 503, file.what() + " has no session running now (stopped from its window): start it"
                    + " again there");
        }
        return now;
    }

    private void routes(HttpExchange exchange) throws IOException {
        Optional<LabSession> now = running(exchange);
        if (now.isEmpty()) {
            return;
        }
        json(exchange, 200, RoutesAnswer.live(file.withoutToken(), now.get()));
    }

    private void requests(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Instant since;
        int limit;
        try {
            since = query.containsKey("since") ? Instant.parse(query.get("since")) : Instant.EPOCH;
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 10_000;
            if (limit < 1) {
                throw new NumberFormatException("limit must be at least 1");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            error(exchange, 400, "since takes an ISO-8601 instant (2026-11-30T01:00:00Z) and limit a positive"
                    + " number: " + e.getMessage());
            return;
        }
        Optional<LabSession> now = running(exchange);
        if (now.isEmpty()) {
            return;
        }
        if (!"true".equals(query.get("follow"))) {
            json(exchange, 200, since(now.get().journal().recent(limit), since));
            return;
        }
        if (!followers.tryAcquire()) {
            error(exchange, 429, MAX_FOLLOWERS + " `requests --follow` already read " + file.what() + ": stop one");
            return;
        }
        try {
            follow(exchange, now.get(), since, limit);
        } finally {
            followers.release();
        }
    }

    private static List<RequestRecord> since(List<RequestRecord> records, Instant since) {
        return records.stream().filter(record -> !record.time().isBefore(since)).toList();
    }

    /**
     * Streams the requests since {@code since}, then each new one. The feed is subscribed before the backlog is
     * read, and records already sent are skipped by sequence number: nothing is lost or sent twice in between.
     */
    private void follow(HttpExchange exchange, LabSession followed, Instant since, int limit) throws IOException {
        LinkedBlockingQueue<RequestRecord> pending = new LinkedBlockingQueue<>(20_000);
        AtomicLong dropped = new AtomicLong();
        try (Subscription feed = followed.journal().subscribe(Duration.ofMillis(50), batch -> {
            dropped.addAndGet(batch.dropped());
            for (RequestRecord record : batch.records()) {
                if (!pending.offer(record)) {
                    dropped.incrementAndGet();
                }
            }
        })) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0); // chunked: the stream has no end known in advance
            OutputStream body = exchange.getResponseBody();
            long last = -1;
            for (RequestRecord record : since(followed.journal().recent(limit), since)) {
                line(body, StreamLine.of(record));
                last = record.sequence();
            }
            body.flush();
            long quietSince = System.nanoTime();
            while (true) {
                String end = endOf(followed);
                if (end != null) {
                    line(body, StreamLine.ending(end));
                    body.flush();
                    return;
                }
                RequestRecord record = pending.poll(250, TimeUnit.MILLISECONDS);
                long missed = dropped.getAndSet(0);
                if (missed > 0) {
                    line(body, StreamLine.droppedCount(missed));
                }
                if (record != null && record.sequence() > last) {
                    line(body, StreamLine.of(record));
                    last = record.sequence();
                }
                if (record != null || missed > 0) {
                    if (pending.isEmpty()) {
                        body.flush();
                    }
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
                    body.write('\n');
                    body.flush(); // fails once the client is gone: the stream ends
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why a followed session's stream ends, or null while it goes on. */
    private String endOf(LabSession followed) {
        if (closed) {
            return file.what() + " stopped";
        }
        if (followed.current().connection().state() == SessionSnapshot.State.CLOSED) {
            return file.what() + "'s session was stopped" + (session.get().isPresent() ? " and another started:"
                    + " run the command again to follow it" : "");
        }
        return null;
    }

    private static void line(OutputStream body, StreamLine line) throws IOException {
        body.write(ControlJson.MAPPER.writeValueAsBytes(line));
        body.write('\n');
    }

    private void explain(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            error(exchange, 413, "the query is over " + MAX_BODY + " bytes: explain fewer URLs at once");
            return;
        }
        ExplainQuery query;
        try {
            query = ControlJson.MAPPER.readValue(body, ExplainQuery.class);
        } catch (RuntimeException e) {
            error(exchange, 400, "not an explain query (JSON with method, headers, urls, format): " + e.getMessage());
            return;
        }
        Optional<LabSession> now = running(exchange);
        if (now.isEmpty()) {
            return;
        }
        try {
            json(exchange, 200, explain.explain(now.get(), query));
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                    StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void json(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = ControlJson.MAPPER.writeValueAsBytes(value);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("error", message));
    }

    /**
     * Removes the control file first (no new client finds a stopping instance), then stops once no exchange is in
     * progress, waiting at most {@link #CLOSE_GRACE}: open streams end with a last line saying so (they look every
     * 250 ms), and an answer being written is finished.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            java.nio.file.Files.deleteIfExists(written);
        } catch (IOException e) {
            // a file left behind is found stale by the next reader (its pid is gone) and ignored
        }
        boolean idle = false;
        try {
            idle = exchanges.writeLock().tryLock(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // stop(0), not stop(1): the JDK 17 server's stop(delay) waits out the whole delay even when no exchange
        // is open (JDK-8304065, fixed in 25 and 21u, not in our 17); the wait for the open ones is the lock's above
        server.stop(0);
        if (idle) {
            exchanges.writeLock().unlock();
        }
        threads.shutdownNow();
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        Lock handling = exchanges.readLock();
        handling.lock();
        try {
            handle(exchange);
        } finally {
            handling.unlock();
        }
    }
}
