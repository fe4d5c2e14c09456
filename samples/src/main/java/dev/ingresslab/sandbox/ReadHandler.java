package dev.ingresslab.sandbox;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads through the front: lists as the API server writes them ({@code kind: IngressList}, {@code apiVersion:
 * networking.k8s.io/v1}, where the store writes {@code v1 List}, which typed clients such as {@code kubectl describe}
 * cannot decode), with the field selector applied; and server-side printing for kubectl
 * ({@code Accept: …;as=Table;…}) with {@link ServerTables}.
 */
final class ReadHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockUpstream store;

    ReadHandler(MockUpstream store) {
        this.store = store;
    }

    static boolean wantsTable(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains("as=Table");
    }

    /** True for the reads this handler takes: lists, and Tables of objects. */
    static boolean handles(HttpServerExchange exchange, ApiPath path) {
        return path.subresource() == null && (path.name() == null || wantsTable(exchange));
    }

    /** Runs on a worker thread. */
    void answer(HttpServerExchange exchange, ApiPath path) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            // Only the label selector goes to the store: it applies field selectors of its own, not as the API does.
            var labels = exchange.getQueryParameters().get("labelSelector");
            MockUpstream.Answer stored = store.send("GET", exchange.getRequestPath() + (labels == null
                    || labels.isEmpty() ? "" : "?labelSelector=" + java.net.URLEncoder.encode(labels.getFirst(),
                    java.nio.charset.StandardCharsets.UTF_8)), null);
            if (stored.status() == 404 && path.name() != null) {
                ApiStatus.notFound(path.resource(), path.name()).sendTo(exchange);
                return;
            }
            if (stored.status() != 200) {
                exchange.setStatusCode(stored.status());
                exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(stored.body()));
                return;
            }
            JsonNode answer = JSON.readTree(stored.body());
            List<JsonNode> objects = new ArrayList<>();
            if (answer.has("items")) {
                answer.get("items").forEach(objects::add);
            } else {
                objects.add(answer);
            }
            var selector = exchange.getQueryParameters().get("fieldSelector");
            objects.removeIf(Selectors.fields(selector == null || selector.isEmpty() ? null : selector.getFirst())
                    .negate());
            // the API server lists in its storage's key order: by namespace, then by name
            objects.sort(java.util.Comparator.comparing((JsonNode o) -> o.path("metadata").path("namespace")
                    .asString("")).thenComparing(o -> o.path("metadata").path("name").asString("")));
            String resourceVersion = answer.path("metadata").path("resourceVersion").asString("");
            if (wantsTable(exchange)) {
                exchange.getResponseSender().send(JSON.writeValueAsString(ServerTables.of(path.resource().kind(),
                        objects, resourceVersion, Instant.now())));
                return;
            }
            ObjectNode list = JSON.createObjectNode();
            list.put("apiVersion", path.resource().groupVersion());
            list.put("kind", path.resource().kind() + "List");
            list.putObject("metadata").put("resourceVersion", resourceVersion);
            ArrayNode items = list.putArray("items");
            objects.forEach(items::add);
            exchange.getResponseSender().send(JSON.writeValueAsString(list));
        } catch (IllegalArgumentException e) {
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
        } catch (IOException e) {
            ApiStatus.storeUnavailable(e).sendTo(exchange);
        }
    }
}
