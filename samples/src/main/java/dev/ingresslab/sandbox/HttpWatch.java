package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * A watch over plain HTTP, as kubectl makes it ({@code kubectl get -w}, {@code kubectl wait}): one JSON event per
 * line in a chunked answer, rows of a Table when kubectl asks for server-side printing. The store behind the front
 * serves watches over WebSocket only, so the front follows the store through a {@link WatchHub} (one fabric8 watch
 * per kind, shared) and writes the events out.
 * The selectors kubectl sends are applied here ({@link Selectors}). A watch ends after {@code timeoutSeconds}, at
 * most 30 minutes, as the API server ends long watches, or when the client goes. A client that stops reading is
 * dropped once its {@link WatchBuffer} fills ({@link Limits}), and no more than {@code Limits.watches} watches are
 * open at once (429 beyond): no client can make the API server hold more than that, or wait on it.
 */
final class HttpWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONGEST = Duration.ofMinutes(30);

    /**
     * What the watches may hold: how many may be open at once (each holds a worker thread of the front while it
     * lasts), how many events and bytes each may have waiting for its client, and how long a quiet watch waits
     * before its heartbeat (a bookmark or a newline), which is also how soon a client that went away frees its place.
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

    private final KubernetesClient store;
    private final WatchHub hub;
    private final Limits limits;
    private final Semaphore slots;
    private final Set<HttpServerExchange> live = ConcurrentHashMap.newKeySet();
    /** The buffers of the watches being written, for {@link #closeAll} to wake their writers. */
    private final Set<WatchBuffer> writing = ConcurrentHashMap.newKeySet();

    HttpWatch(KubernetesClient store, Limits limits) {
        this.store = store;
        this.hub = new WatchHub(store);
        this.limits = limits;
        this.slots = new Semaphore(limits.watches());
    }

    static boolean wanted(HttpServerExchange exchange) {
        var watch = exchange.getQueryParameters().get("watch");
        return watch != null && !watch.isEmpty() && (watch.getFirst().equals("true") || watch.getFirst().equals("1"))
                && !exchange.getRequestHeaders().contains(Headers.UPGRADE);
    }

    /** Runs on a worker thread until the watch ends. */
    void stream(HttpServerExchange exchange, ApiPath path, boolean table) {
        Predicate<JsonNode> selected;
        try {
            selected = Selectors.fields(param(exchange, "fieldSelector"))
                    .and(Selectors.labels(param(exchange, "labelSelector")))
                    .and(object -> path.name() == null || path.name().equals(object.path("metadata").path("name")
                            .asString("")));
        } catch (IllegalArgumentException e) {
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
            return;
        }
        if (!slots.tryAcquire()) {
            exchange.setPersistent(false);
            new ApiStatus(429, "TooManyRequests", "too many watches are open at once (the sandbox serves "
                    + limits.watches() + ")\nhint: end the watches (kubectl get -w, kubectl wait) you no longer"
                    + " need", null).sendTo(exchange);
            return;
        }
        live.add(exchange);
        try {
            relay(exchange, path, table, selected);
        } finally {
            live.remove(exchange);
            slots.release();
        }
    }

    private void relay(HttpServerExchange exchange, ApiPath path, boolean table, Predicate<JsonNode> selected) {
        Duration limit = timeout(param(exchange, "timeoutSeconds"));
        WatchBuffer events = new WatchBuffer(limits.events(), limits.bytes());
        // read in the stored version; the Relay shows each object in the version asked for
        var resources = store.genericKubernetesResources(ApiResources.storageVersion(path.resource()),
                path.resource().kind());
        var scoped = path.namespace() == null ? resources.inAnyNamespace() : resources.inNamespace(path.namespace());
        Predicate<JsonNode> inScope = path.namespace() == null ? object -> true
                : object -> path.namespace().equals(object.path("metadata").path("namespace").asString(""));
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        // A watcher that falls behind is dropped: its connection is closed, which also ends a write blocked on it.
        Runnable drop = () -> IoUtils.safeClose(exchange.getConnection());
        Relay relay = new Relay(events, drop, selected.and(inScope), path, table, limits.events());
        // fabric8 reads each line as an event and stops watching at a blank one; it asks for bookmarks, kubectl not
        boolean bookmarks = !table && "true".equals(param(exchange, "allowWatchBookmarks"));
        writing.add(events);
        try (WatchHub.Subscription ignored = hub.subscribe(path.resource(), relay);
             OutputStream out = exchange.getOutputStream()) {
            // The API server's initial events: what there is now (newer than the client's resourceVersion) as ADDED,
            // then what changes; events that came in while listing and are in the list already are left out.
            relay.start(scoped.list(), since(param(exchange, "resourceVersion")));
            out.flush(); // the headers: the watch is established
            Instant end = Instant.now().plus(limit);
            while (Instant.now().isBefore(end) && exchange.getConnection().isOpen() && !events.overflowed()
                    && !events.ended()) {
                byte[] event = events.poll(limits.heartbeat().toMillis());
                if (event != null) {
                    out.write(event);
                } else if (bookmarks) {
                    String resourceVersion = relay.latestVersion();
                    if (resourceVersion == null) {
                        continue; // no version to bookmark yet: nothing to say
                    }
                    // a quiet watch's heartbeat, as a BOOKMARK event (what the API server sends such clients)
                    out.write(JSON.writeValueAsBytes(Map.of("type", "BOOKMARK", "object", Map.of("apiVersion",
                            path.resource().groupVersion(), "kind", path.resource().kind(), "metadata",
                            Map.of("resourceVersion", resourceVersion)))));
                }
                // A newline between events is nothing to a JSON stream reader; when a watch is quiet it finds out
                // whether the client is still there, so a closed kubectl does not hold a worker thread for long.
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // the client went away, or was dropped: the watch is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writing.remove(events);
            if (events.overflowed()) {
                drop.run();
            }
        }
    }

    /**
     * Ends every watch, for the server to stop without waiting for them: their connections are closed and their
     * writers woken (a quiet watch's writer would otherwise notice only at its next heartbeat).
     */
    void closeAll() {
        live.forEach(exchange -> IoUtils.safeClose(exchange.getConnection()));
        writing.forEach(WatchBuffer::end);
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
            drop.run(); // the sandbox is stopping
        }

        /** An event that came while the objects there are were being listed. */
        private record Pending(String type, JsonNode object) {
        }
    }
}
