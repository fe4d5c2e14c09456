package dev.ingresslab.sandbox;

import io.fabric8.zjsonpatch.JsonPatch;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates, replaces and patches objects as the API server does, in front of the object store: reads the body (JSON,
 * YAML or the protobuf typed kubectl commands send), applies patches itself (strategic merge, JSON merge, JSON patch)
 * to the stored object, checks the result ({@link WriteChecks}) and stores it with the resourceVersion it was read at,
 * so a concurrent change is a conflict (retried for a patch, as the API server retries, returned for a PUT).
 * {@code dryRun} checks and answers without storing.
 */
final class WriteHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final HttpString WARNING = HttpString.tryFromString("Warning");
    private static final int PATCH_ATTEMPTS = 5;
    private static final ApiResources.Resource NAMESPACES = ApiResources.find("v1", "namespaces").orElseThrow();

    private final MockUpstream store;

    WriteHandler(MockUpstream store) {
        this.store = store;
    }

    /** True for the writes this handler takes: POST to a collection, PUT and PATCH of an object. */
    static boolean handles(String method, ApiPath path) {
        return switch (method) {
            case "POST" -> path.name() == null;
            case "PUT", "PATCH" -> path.name() != null && (path.subresource() == null
                    || path.subresource().equals("status"));
            default -> false;
        };
    }

    /** Runs on a worker thread, with the whole body. */
    void handle(HttpServerExchange exchange, ApiPath path, byte[] body) {
        String method = exchange.getRequestMethod().toString();
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String fieldValidation = query(exchange, "fieldValidation").orElse("Warn");
        boolean dryRun = query(exchange, "dryRun").isPresent();
        List<String> warnings = new ArrayList<>();
        try {
            if (method.equals("PATCH")) {
                patch(exchange, path, contentType, body, fieldValidation, dryRun, warnings);
                return;
            }
            JsonNode object = decode(contentType, body);
            if (!path.resource().namespaced() && object.get("metadata") instanceof ObjectNode metadata) {
                // kube-apiserver's rest.BeforeCreate/BeforeUpdate clear it for a cluster-scoped kind (fabric8
                // sends the client's default namespace with a kind its model does not know)
                metadata.remove("namespace");
            }
            if (path.subresource() == null) { // the CRDs' defaults are filled in as the object is decoded
                GatewayApiDefaults.apply(object, path.resource().kind(), method.equals("POST"));
            }
            Optional<ApiStatus> refusal = WriteChecks.check(path, object, fieldValidation, warnings);
            if (refusal.isEmpty() && method.equals("POST") && path.resource().kind().equals("Ingress")
                    && object instanceof ObjectNode ingress) { // admission and create validation, dry run or not
                refusal = IngressClassAdmission.admitCreate(ingress, store);
            }
            if (refusal.isEmpty() && method.equals("PUT") && path.subresource() == null
                    && ApiResources.isGatewayApi(path.resource())) {
                MockUpstream.Answer current = store.send("GET", exchange.getRequestPath(), null);
                if (current.status() == 200) {
                    refusal = WriteChecks.checkUpdate(path, JSON.readTree(current.body()), object);
                }
            }
            if (refusal.isEmpty() && path.subresource() == null) {
                SecretConversion.toStored(object, path.resource().kind());
            }
            if (refusal.isPresent()) {
                answer(exchange, refusal.get(), warnings);
            } else if (method.equals("POST") && path.namespace() != null && !namespaceExists(path.namespace())) {
                answer(exchange, ApiStatus.notFound(NAMESPACES, path.namespace()), warnings);
            } else if (dryRun) {
                answer(exchange, method.equals("POST") ? 201 : 200, JSON.writeValueAsBytes(object), warnings);
            } else {
                if (method.equals("POST")) { // what the API server fills in on create
                    WorkloadDefaults.onCreate(object, path.resource().kind());
                    if (path.resource().kind().equals("Service")) {
                        ClusterIps.onCreate(object, store);
                    }
                } else if (path.resource().kind().equals("Service") && path.subresource() == null) {
                    ClusterIps.onUpdate(object, store, exchange.getRequestPath());
                }
                MockUpstream.Answer stored = store.send(method, exchange.getRequestPath(), JSON.writeValueAsBytes(object));
                if (method.equals("POST") && stored.status() == 201 && ApiResources.isGatewayApi(path.resource())
                        && object.has("status")) {
                    stored = withStatus(exchange.getRequestPath(), object.get("status"), stored);
                }
                answerStored(exchange, path, object, stored, warnings);
            }
        } catch (BadBody e) {
            answer(exchange, e.status, warnings);
        } catch (IOException e) {
            answer(exchange, ApiStatus.storeUnavailable(e), warnings);
        }
    }

    private void patch(HttpServerExchange exchange, ApiPath path, String contentType, byte[] body,
                       String fieldValidation, boolean dryRun, List<String> warnings) throws IOException, BadBody {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (type.equals("application/apply-patch+yaml")) {
            throw new BadBody(ApiStatus.unsupportedMediaType("server-side apply is not supported by the sandbox",
                    "use client-side apply: `kubectl apply -f` without --server-side"));
        }
        JsonNode patch = parse(body, false);
        String objectPath = exchange.getRequestPath().replaceAll("/status$", "");
        for (int attempt = 1; ; attempt++) {
            MockUpstream.Answer current = store.send("GET", objectPath, null);
            if (current.status() != 200) {
                answer(exchange, current.status(), current.body(), warnings);
                return;
            }
            JsonNode stored = JSON.readTree(current.body());
            JsonNode patched = applyPatch(type, stored, patch, path.resource().kind());
            if (path.subresource() != null) { // /status changes nothing but the status
                ObjectNode onlyStatus = ((ObjectNode) stored).deepCopy();
                onlyStatus.set("status", patched.get("status"));
                patched = onlyStatus;
            }
            boolean pinned = patch.path("metadata").has("resourceVersion");
            if (!pinned && patched instanceof ObjectNode object && object.get("metadata") instanceof ObjectNode meta) {
                meta.set("resourceVersion", stored.path("metadata").path("resourceVersion"));
            }
            if (path.subresource() == null) {
                GatewayApiDefaults.apply(patched, path.resource().kind(), false);
            }
            Optional<ApiStatus> refusal = WriteChecks.check(path, patched, fieldValidation, warnings);
            if (refusal.isEmpty() && path.subresource() == null) {
                refusal = WriteChecks.checkUpdate(path, stored, patched);
            }
            if (refusal.isPresent()) {
                answer(exchange, refusal.get(), warnings);
                return;
            }
            SecretConversion.toStored(patched, path.resource().kind());
            if (dryRun) {
                answer(exchange, 200, JSON.writeValueAsBytes(patched), warnings);
                return;
            }
            MockUpstream.Answer written = store.send("PUT", exchange.getRequestPath(), JSON.writeValueAsBytes(patched));
            if (written.status() != 409 || pinned || attempt == PATCH_ATTEMPTS) {
                answerStored(exchange, path, patched, written, warnings);
                return;
            }
        }
    }

    /**
     * The store keeps no status on a create (the status subresource's rule), but the API server fills the CRDs'
     * status default into the new object ({@link GatewayApiDefaults}): it is written through {@code /status} at once.
     */
    private MockUpstream.Answer withStatus(String collectionPath, JsonNode status, MockUpstream.Answer created)
            throws IOException {
        JsonNode stored = JSON.readTree(created.body());
        if (stored.has("status") || !(stored instanceof ObjectNode object)) {
            return created;
        }
        object.set("status", status);
        String name = stored.path("metadata").path("name").asString("");
        MockUpstream.Answer written = store.send("PUT", collectionPath + "/" + name + "/status",
                JSON.writeValueAsBytes(object));
        return written.status() == 200 ? new MockUpstream.Answer(201, written.body()) : created;
    }

    /** Objects are created in namespaces that exist, as on a real cluster (kubectl create namespace first). */
    private boolean namespaceExists(String namespace) throws IOException {
        return store.send("GET", "/api/v1/namespaces/" + namespace, null).status() == 200;
    }

    private static JsonNode applyPatch(String type, JsonNode stored, JsonNode patch, String kind) throws BadBody {
        try {
            return switch (type) {
                case "application/json-patch+json" -> JsonPatch.apply(patch, stored);
                case "application/merge-patch+json" -> new StrategicMerge(MergeKeys.NONE).apply(stored, patch);
                case "application/strategic-merge-patch+json" ->
                        new StrategicMerge(MergeKeys.forKind(kind)).apply(stored, patch);
                default -> throw new BadBody(ApiStatus.unsupportedMediaType("the patch type \"" + type
                        + "\" is not supported", "use --type=strategic, merge or json"));
            };
        } catch (StrategicMerge.PatchException | RuntimeException e) {
            throw new BadBody(new ApiStatus(422, "Invalid", "the patch cannot be applied: " + e.getMessage(), null));
        }
    }

    private static JsonNode decode(String contentType, byte[] body) throws BadBody {
        if (ProtobufBodies.isProtobuf(contentType)) {
            try {
                return ProtobufBodies.toJson(body);
            } catch (ProtobufBodies.UnreadableBody e) {
                throw new BadBody(e.unsupportedKind ? ApiStatus.unsupportedMediaType(e.getMessage(),
                        "have kubectl write the object as YAML and apply that: add `--dry-run=client -o yaml"
                                + " > object.yaml` to the same command, then run `kubectl apply -f object.yaml`")
                        : ApiStatus.badRequest(e.getMessage(), ""));
            }
        }
        return parse(body, contentType != null && contentType.contains("yaml"));
    }

    private static JsonNode parse(byte[] body, boolean yaml) throws BadBody {
        try {
            JsonNode node = yaml ? YAML.readTree(body) : JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadBody(ApiStatus.badRequest("the request has no body", ""));
            }
            return node;
        } catch (JacksonException e) {
            throw new BadBody(ApiStatus.badRequest("the body of the request cannot be read: "
                    + e.getOriginalMessage(), ""));
        }
    }

    private static Optional<String> query(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The store's answer, with the API server's wording for the two conflicts (the store words them its own way). */
    private static void answerStored(HttpServerExchange exchange, ApiPath path, JsonNode object,
                                     MockUpstream.Answer stored, List<String> warnings) {
        if (stored.status() == 409) {
            String name = object.path("metadata").path("name").asString("");
            answer(exchange, exchange.getRequestMethod().toString().equals("POST")
                    ? ApiStatus.alreadyExists(path.resource(), name) : ApiStatus.conflict(path.resource(), name),
                    warnings);
        } else {
            answer(exchange, stored.status(), stored.body(), warnings);
        }
    }

    private static void answer(HttpServerExchange exchange, ApiStatus status, List<String> warnings) {
        answer(exchange, status.code(), status.json().getBytes(StandardCharsets.UTF_8), warnings);
    }

    private static void answer(HttpServerExchange exchange, int code, byte[] body, List<String> warnings) {
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        for (String warning : warnings) {
            exchange.getResponseHeaders().add(WARNING, "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
    }

    /** A request that cannot be carried out, with the answer that says why. */
    private static final class BadBody extends Exception {
        final ApiStatus status;

        BadBody(ApiStatus status) {
            super(status.message());
            this.status = status;
        }
    }
}
