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

    /**
     * The page a list asks for: {@code limit} (a whole number; 0 or none for all) and {@code continue}, which the API
     * server refuses beside a {@code resourceVersion} (etcd3 store's {@code GetList}).
     *
     * @throws IllegalArgumentException with the API server's message for a bad parameter
     */
    private static ListPages.Request pageRequest(HttpServerExchange exchange, ApiPath path,
                                                 java.util.Deque<String> labels, java.util.Deque<String> fields) {
        var limits = exchange.getQueryParameters().get("limit");
        long limit = 0;
        if (limits != null && !limits.isEmpty() && !limits.getFirst().isEmpty()) {
            try {
                limit = Long.parseLong(limits.getFirst());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit: Invalid value: \"" + limits.getFirst() + "\": must be a"
                        + " whole number (strconv.ParseInt: parsing \"" + limits.getFirst() + "\": invalid syntax)");
            }
        }
        var continues = exchange.getQueryParameters().get("continue");
        String token = continues == null || continues.isEmpty() ? null : continues.getFirst();
        var versions = exchange.getQueryParameters().get("resourceVersion");
        if (token != null && !token.isEmpty() && versions != null && !versions.isEmpty()
                && !versions.getFirst().isEmpty() && !versions.getFirst().equals("0")) {
            throw new IllegalArgumentException("specifying resource version is not allowed when using continue");
        }
        boolean filtered = (labels != null && !labels.isEmpty() && !labels.getFirst().isEmpty())
                || (fields != null && !fields.isEmpty() && !fields.getFirst().isEmpty());
        return new ListPages.Request(limit, token, path.namespace() != null, filtered);
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
            ListPages.Page page = path.name() == null
                    ? ListPages.page(objects, resourceVersion, pageRequest(exchange, path, labels, selector))
                    : new ListPages.Page(objects, resourceVersion, null, null);
            if (wantsTable(exchange)) {
                exchange.getResponseSender().send(JSON.writeValueAsString(ServerTables.of(path.resource().kind(),
                        page.items(), page.listMeta(), Instant.now())));
                return;
            }
            ObjectNode list = JSON.createObjectNode();
            list.put("apiVersion", path.resource().groupVersion());
            list.put("kind", path.resource().kind() + "List");
            list.set("metadata", JSON.valueToTree(page.listMeta()));
            ArrayNode items = list.putArray("items");
            page.items().forEach(items::add);
            exchange.getResponseSender().send(JSON.writeValueAsString(list));
        } catch (IllegalArgumentException e) {
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
        } catch (IOException e) {
            ApiStatus.storeUnavailable(e).sendTo(exchange);
        }
    }
}
