package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A watch over plain HTTP, as kubectl makes it ({@code kubectl get -w}, {@code kubectl wait}): one JSON event per
 * line in a chunked answer, rows of a Table when kubectl asks for server-side printing. The store behind the front
 * serves watches over WebSocket only, so the front follows the store with a fabric8 watch and writes its events out.
 * The selectors kubectl sends are applied here ({@link Selectors}). A watch ends after {@code timeoutSeconds}, at
 * most 30 minutes, as the API server ends long watches, or when the client goes.
 */
final class HttpWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONGEST = Duration.ofMinutes(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final KubernetesClient store;

    HttpWatch(KubernetesClient store) {
        this.store = store;
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
        Duration limit = timeout(param(exchange, "timeoutSeconds"));
        BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
        var resources = store.genericKubernetesResources(path.resource().groupVersion(), path.resource().kind());
        var scoped = path.namespace() == null ? resources.inAnyNamespace() : resources.inNamespace(path.namespace());
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        long since = since(param(exchange, "resourceVersion"));
        // fabric8 reads each line as an event and stops watching at a blank one; it asks for bookmarks, kubectl not
        boolean bookmarks = !table && "true".equals(param(exchange, "allowWatchBookmarks"));
        String resourceVersion = since > 0 ? Long.toString(since) : null;
        try (Watch ignored = scoped.watch(new Relay(events, selected, path, table, since));
             OutputStream out = exchange.getOutputStream()) {
            out.flush(); // the headers: the watch is established
            Instant end = Instant.now().plus(limit);
            while (Instant.now().isBefore(end) && exchange.getConnection().isOpen()) {
                Map<String, Object> event = events.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (event != null) {
                    out.write(JSON.writeValueAsBytes(event));
                    if (event.get("object") instanceof JsonNode object) {
                        resourceVersion = object.path("metadata").path("resourceVersion").asString(resourceVersion);
                    }
                } else if (bookmarks) {
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
            // the client went away: the watch is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Turns the store's events into watch events, keeping those the selectors select. */
    private record Relay(BlockingQueue<Map<String, Object>> events, Predicate<JsonNode> selected, ApiPath path,
                         boolean table,
                         long since) implements Watcher<GenericKubernetesResource> {

        @Override
        public void eventReceived(Action action, GenericKubernetesResource resource) {
            JsonNode object = JSON.valueToTree(resource);
            if (!selected.test(object) || action == Action.BOOKMARK) {
                return;
            }
            if (action == Action.ADDED && since > 0
                    && object.path("metadata").path("resourceVersion").asLong(Long.MAX_VALUE) <= since) {
                return; // a replay of what the client has listed already
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", action.name());
            event.put("object", table ? ServerTables.of(path.resource().kind(), List.of(object), Instant.now())
                    : object);
            events.add(event);
        }

        @Override
        public void onClose(WatcherException cause) {
            // the store went away; the loop ends at its deadline or when the client leaves
        }
    }
}
