package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.undertow.server.HttpServerExchange;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sandbox's watches ({@code ?watch=true}), over the two transports kube-apiserver serves them on
 * ({@code WatchServer} in k8s.io/apiserver {@code pkg/endpoints/handlers/watch.go}): a chunked answer with one JSON
 * event per line, as kubectl reads them ({@code kubectl get -w}, {@code kubectl wait}; rows of a Table when kubectl
 * asks for server-side printing), or a WebSocket with one event per text message, which fabric8's client asks for
 * first (an upgrade on the same URL). The store behind the front serves watches over its own WebSocket only, so the
 * front follows the store through a {@link WatchHub} (one fabric8 watch per kind, shared) and writes the events out
 * ({@link WatchOutput}).
 * The selectors the client sends are applied here ({@link Selectors}). A watch ends after {@code timeoutSeconds}, at
 * most 30 minutes, as the API server ends long watches, or when the client goes. A client that stops reading is
 * dropped once its {@link WatchBuffer} fills ({@link Limits}), and no more than {@code Limits.watches} watches are
 * open at once, on either transport (429 beyond): no client can make the API server hold more than that, or wait on
 * it. When the sandbox stops, every watch ends at once ({@link #closeAll}).
 */
final class HttpWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONGEST = Duration.ofMinutes(30);

    /**
     * What the watches may hold: how many may be open at once (each holds a worker thread of the front while it
     * lasts), how many events and bytes each may have waiting for its client, and how long a quiet watch waits
     * before its heartbeat (a bookmark, a newline or a WebSocket ping), which is also how soon a client that went
     * away unnoticed frees its place.
     */
    record Limits(int watches, int events, long bytes, Duration heartbeat) {
        /**
         * 48 watches (of the front's 64 worker threads), 1,000 events and 4 MiB (an object is at most 3) each, a
         * heartbeat every 5 s.
         */
        static final Limits DEFAULT = new Limits(48, 1000, 4L * 1024 * 1024, Duration.ofSeconds(5));

        /** These limits with another heartbeat: tests that wait for one take it short; the product keeps 5 s. */
        Limits withHeartbeat(Duration other) {
            return new Limits(watches, events, bytes, other);
        }
    }

    /** How long {@link #closeAll} lets the watches' goodbyes go out before it cuts their connections. */
    private static final Duration GOODBYE = Duration.ofMillis(200);

    private final KubernetesClient store;
    private final WatchHub hub;
    private final Limits limits;
    private final Semaphore slots;
    /** The watches being served, for {@link #closeAll} to end them: their outputs, and their buffers' writers. */
    private final Map<WatchOutput, WatchBuffer> live = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    HttpWatch(KubernetesClient store, Limits limits) {
        this.store = store;
        this.hub = new WatchHub(store);
        this.limits = limits;
        this.slots = new Semaphore(limits.watches());
    }

    /**
     * True for a watch request: {@code watch=true} (or {@code 1}) in the query, or a path of the deprecated
     * {@code /watch/} form ({@link ApiPath#watchPath}), as kube-apiserver takes both.
     */
    static boolean wanted(HttpServerExchange exchange) {
        var watch = exchange.getQueryParameters().get("watch");
        return watch != null && !watch.isEmpty() && (watch.getFirst().equals("true") || watch.getFirst().equals("1"))
                || ApiPath.watchPath(exchange.getRequestPath()) != null;
    }

    /** A chunked watch. Runs on a worker thread until the watch ends. */
    void stream(HttpServerExchange exchange, ApiPath path, boolean table) {
        Optional<WatchRequest> request = request(exchange, path, table);
        if (request.isEmpty()) {
            return;
        }
        if (!slots.tryAcquire()) {
            refuseTooMany(exchange);
            return;
        }
        try {
            serve(request.get(), events -> new ChunkedWatchOutput(exchange));
        } finally {
            slots.release();
        }
    }

    /**
     * A WebSocket watch: the upgrade is answered (101) when the request is a valid WebSocket handshake (RFC 6455
     * §4.2.1) and a place is free, else with a {@code Status} as a chunked watch's request would be. Runs on the IO
     * thread; the watch itself runs on a worker thread. The place is taken before the upgrade, so that the 101 means
     * the watch counts; it is freed when the watch ends or the connection closes, whichever comes first (an upgrade
     * whose connection died before it completed holds none).
     */
    void upgrade(HttpServerExchange exchange, ApiPath path, boolean table) throws Exception {
        Optional<WatchRequest> request = request(exchange, path, table);
        if (request.isEmpty()) {
            return;
        }
        if (!slots.tryAcquire()) {
            refuseTooMany(exchange);
            return;
        }
        AtomicBoolean freed = new AtomicBoolean();
        Runnable free = () -> {
            if (freed.compareAndSet(false, true)) {
                slots.release();
            }
        };
        exchange.getConnection().addCloseListener(connection -> free.run());
        WebSocketConnectionCallback watch = (handshake, channel) -> channel.getWorker().execute(() -> {
            try {
                serve(request.get(), events -> new WebSocketWatchOutput(channel, events::end));
            } finally {
                free.run();
            }
        });
        try {
            new WebSocketProtocolHandshakeHandler(watch, refused -> {
                free.run();
                notAHandshake(refused);
            }).handleRequest(exchange);
        } catch (Exception | Error e) {
            free.run();
            throw e;
        }
    }

    private static void notAHandshake(HttpServerExchange exchange) {
        exchange.setPersistent(false); // an upgrade refused: the connection is not for HTTP requests either
        ApiStatus.badRequest("the request asks for a WebSocket but is not a valid WebSocket handshake (RFC 6455"
                        + " §4.1: GET, Connection: Upgrade, Upgrade: websocket, Sec-WebSocket-Key, Sec-WebSocket-Version:"
                        + " 13)", "send the handshake whole, or watch over plain HTTP without Upgrade, as kubectl does")
                .sendTo(exchange);
    }

    private void refuseTooMany(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        new ApiStatus(429, "TooManyRequests", "too many watches are open at once (the sandbox serves "
                + limits.watches() + ")\nhint: end the watches (kubectl get -w, kubectl wait, informers) you no"
                + " longer need", null).sendTo(exchange);
    }

    /** What a watch request asks for; empty when it is refused (the answer sent). */
    private static Optional<WatchRequest> request(HttpServerExchange exchange, ApiPath path, boolean table) {
        Predicate<JsonNode> selected;
        try {
            selected = Selectors.fields(param(exchange, "fieldSelector"))
                    .and(Selectors.labels(param(exchange, "labelSelector")))
                    .and(object -> path.name() == null || path.name().equals(object.path("metadata").path("name")
                            .asString("")));
        } catch (IllegalArgumentException e) {
            exchange.setPersistent(false);
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
            return Optional.empty();
        }
        // fabric8 reads each line as an event and stops watching at a blank one; it asks for bookmarks, kubectl not
        boolean bookmarks = !table && "true".equals(param(exchange, "allowWatchBookmarks"));
        return Optional.of(new WatchRequest(path, table, selected, timeout(param(exchange, "timeoutSeconds")),
                since(param(exchange, "resourceVersion")), bookmarks));
    }

    /**
     * A watch's request, read before the answer starts.
     *
     * @param selected  the objects the selectors (and a name in the path) select
     * @param timeout   when the watch ends by itself
     * @param since     the resourceVersion after which changes are sent ({@link #since(String)})
     * @param bookmarks whether quiet watches get BOOKMARK events (allowWatchBookmarks)
     */
    private record WatchRequest(ApiPath path, boolean table, Predicate<JsonNode> selected, Duration timeout,
                                long since, boolean bookmarks) {
    }

    /**
     * Serves one watch until it ends: its initial events, then every change, written to the output that
     * {@code outputFor} makes for the watch's buffer. Runs on a worker thread.
     */
    private void serve(WatchRequest request, Function<WatchBuffer, WatchOutput> outputFor) {
        ApiPath path = request.path();
        WatchBuffer events = new WatchBuffer(limits.events(), limits.bytes());
        WatchOutput output = outputFor.apply(events);
        // read in the stored version; the Relay shows each object in the version asked for
        var resources = store.genericKubernetesResources(ApiResources.storageVersion(path.resource()),
                path.resource().kind());
        var scoped = path.namespace() == null ? resources.inAnyNamespace() : resources.inNamespace(path.namespace());
        Predicate<JsonNode> inScope = path.namespace() == null ? object -> true
                : object -> path.namespace().equals(object.path("metadata").path("namespace").asString(""));
        // A watcher that falls behind is dropped: its connection is closed, which also ends a write blocked on it.
        Relay relay = new Relay(events, output::drop, request.selected().and(inScope), path, request.table(),
                limits.events());
        live.put(output, events);
        try (WatchHub.Subscription ignored = hub.subscribe(path.resource(), relay)) {
            // The API server's initial events: what there is now (newer than the client's resourceVersion) as ADDED,
            // then what changes; events that came in while listing and are in the list already are left out.
            relay.start(scoped.list(), request.since());
            output.established();
            Instant end = Instant.now().plus(request.timeout());
            while (Instant.now().isBefore(end) && output.open() && !events.overflowed() && !events.ended()) {
                byte[] event = events.poll(limits.heartbeat().toMillis());
                String resourceVersion = relay.latestVersion();
                if (event != null) {
                    output.event(event);
                } else if (request.bookmarks() && resourceVersion != null && !events.ended()) {
                    // a quiet watch's heartbeat, as a BOOKMARK event (what the API server sends such clients)
                    output.event(JSON.writeValueAsBytes(Map.of("type", "BOOKMARK", "object", Map.of("apiVersion",
                            path.resource().groupVersion(), "kind", path.resource().kind(), "metadata",
                            Map.of("resourceVersion", resourceVersion)))));
                } else if (!events.ended()) {
                    // finds out whether the client is still there, so a closed one does not hold a thread for long
                    output.heartbeat();
                }
            }
            if (!events.overflowed() && !stopping && output.open()) {
                output.finish(); // the timeout, or the store's watch ended: the client watches again
            }
        } catch (IOException e) {
            // the client went away, or was dropped: the watch is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            output.fail(storeFailed(e));
        } finally {
            live.remove(output);
            if (events.overflowed()) {
                output.drop();
            }
        }
    }

    /** The store failed under a watch (it could not list, or follow the kind): what the client is told. */
    private static ApiStatus storeFailed(RuntimeException error) {
        return ApiStatus.internalError("the sandbox's object store failed while serving the watch: "
                + error.getMessage(), "watch again; if it fails again, stop the demo (Ctrl-C) and start it again:"
                + " your objects are saved");
    }

    /**
     * Ends every watch, for the server to stop without waiting for them: each says goodbye (a WebSocket's close,
     * 1001 "going away"), its writer is woken (a quiet watch's writer would otherwise notice only at its next
     * heartbeat), and after a moment for the goodbyes to go out, every connection still open is cut.
     */
    void closeAll() {
        stopping = true;
        var watches = Map.copyOf(live);
        watches.forEach((output, events) -> {
            output.goAway();
            events.end();
        });
        if (!watches.isEmpty()) {
            long deadline = System.nanoTime() + GOODBYE.toNanos();
            while (watches.keySet().stream().anyMatch(WatchOutput::open) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        watches.keySet().forEach(WatchOutput::drop);
        hub.close();
    }

    private static Duration timeout(String seconds) {
        try {
            Duration asked = seconds == null ? LONGEST : Duration.ofSeconds(Long.parseLong(seconds));
            return asked.compareTo(LONGEST) > 0 || asked.isNegative() ? LONGEST : asked;
        } catch (NumberFormatException e) {
            return LONGEST;
        }
    }

    /**
     * The resourceVersion a watch starts after: the store replays what it holds when a watch begins, but a client
     * that listed at version N wants only what changed after N. "0" or none: everything, as the API server does.
     */
    private static long since(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String param(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * Turns the store's events into watch events, keeping those the selectors select; drops a watcher that falls
     * behind. Until {@link #start} has offered the objects there are, events wait in order (as many as a buffer
     * holds), then pass unless the list already had them.
     */
    private static final class Relay implements WatchHub.Subscriber {
        private final WatchBuffer events;
        private final Runnable drop;
        private final Predicate<JsonNode> selected;
        private final ApiPath path;
        private final boolean table;
        private final int maxWaiting;
        private List<Pending> waiting = new java.util.ArrayList<>();
        private long listed;
        private volatile String latestVersion;

        Relay(WatchBuffer events, Runnable drop, Predicate<JsonNode> selected, ApiPath path, boolean table,
              int maxWaiting) {
            this.events = events;
            this.drop = drop;
            this.selected = selected;
            this.path = path;
            this.table = table;
            this.maxWaiting = maxWaiting;
        }

        /** Offers the listed objects newer than {@code since} as ADDED, then the events that waited. */
        synchronized void start(io.fabric8.kubernetes.api.model.GenericKubernetesResourceList list, long since) {
            for (GenericKubernetesResource item : list.getItems()) {
                JsonNode object = JSON.valueToTree(item);
                if (selected.test(object) && resourceVersion(object) > since) {
                    offer("ADDED", object);
                }
            }
            listed = Math.max(since, parse(list.getMetadata() == null ? null
                    : list.getMetadata().getResourceVersion()));
            if (listed > 0) {
                latestVersion = Long.toString(listed);
            }
            List<Pending> waited = waiting;
            waiting = null;
            for (Pending event : waited) {
                pass(event.type(), event.object());
            }
        }

        @Override
        public synchronized void event(Watcher.Action action, GenericKubernetesResource resource) {
            if (action == Watcher.Action.BOOKMARK) {
                return;
            }
            JsonNode object = JSON.valueToTree(resource);
            if (!selected.test(object)) {
                return;
            }
            if (waiting != null) {
                waiting.add(new Pending(action.name(), object));
                if (waiting.size() > maxWaiting) {
                    waiting.clear();
                    drop.run();
                }
                return;
            }
            pass(action.name(), object);
        }

        private void pass(String type, JsonNode object) {
            // what the list held already (a DELETED event always passes: the object is gone from the list)
            if (!type.equals("DELETED") && resourceVersion(object) <= listed) {
                return;
            }
            offer(type, object);
        }

        private void offer(String type, JsonNode object) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", type);
            event.put("object", table ? ServerTables.of(path.resource().kind(), List.of(object), Instant.now())
                    : inServedVersion(object));
            if (!events.offer(JSON.writeValueAsBytes(event))) {
                drop.run();
            }
            String version = object.path("metadata").path("resourceVersion").asString("");
            if (!version.isEmpty()) {
                latestVersion = version;
            }
        }

        /**
         * The object as the watch's version shows it: a v1beta1 ReferenceGrant watch gets the stored v1 objects
         * with {@code apiVersion} v1beta1 ({@link VersionConversion}).
         */
        private JsonNode inServedVersion(JsonNode object) {
            String served = path.resource().groupVersion();
            if (ApiResources.storageVersion(path.resource()).equals(served)
                    || !(object instanceof tools.jackson.databind.node.ObjectNode stored)) {
                return object;
            }
            tools.jackson.databind.node.ObjectNode converted = stored.deepCopy();
            converted.put("apiVersion", served);
            return converted;
        }

        /** The newest resourceVersion this watch has told its client of (listed or sent), or null before any. */
        String latestVersion() {
            return latestVersion;
        }

        private static long resourceVersion(JsonNode object) {
            return object.path("metadata").path("resourceVersion").asLong(Long.MAX_VALUE);
        }

        private static long parse(String resourceVersion) {
            try {
                return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        @Override
        public void ended() {
            // the store's watch of the kind ended (the sandbox is stopping): the watch ends, and its client watches
            // again, as when kube-apiserver's watch cache ends its watchers
            events.end();
        }

        /** An event that came while the objects there are were being listed. */
        private record Pending(String type, JsonNode object) {
        }
    }
}
