package dev.ingresslab.sandbox;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The authorization API's reviews, which {@code kubectl auth can-i} asks ({@code authorization.k8s.io/v1}:
 * {@code SelfSubjectAccessReview} for one verb on one resource, {@code SelfSubjectRulesReview} for {@code --list}).
 * The sandbox has no access control: whoever reaches it on 127.0.0.1 may do everything, as the cluster-admin of a
 * minikube may, and the answers say so (allowed, with that reason). The request (JSON, or the protobuf kubectl
 * sends) is answered as JSON with its status, as the API server answers a review.
 */
final class AccessReviews {

    static final String GROUP_VERSION = "authorization.k8s.io/v1";
    private static final String PREFIX = "/apis/" + GROUP_VERSION + "/";
    private static final String REASON = "the sandbox has no access control: every request is allowed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The review resources, for discovery: name and kind; each takes {@code create} only. */
    static final Map<String, String> RESOURCES = Map.of("selfsubjectaccessreviews", "SelfSubjectAccessReview",
            "selfsubjectrulesreviews", "SelfSubjectRulesReview");

    private AccessReviews() {
    }

    /** True for a POST of a review. */
    static boolean handles(String method, String path) {
        return method.equals("POST") && path.startsWith(PREFIX)
                && RESOURCES.containsKey(path.substring(PREFIX.length()));
    }

    /** Answers a review (201 Created, as the API server does), or 400 when the body is not one. */
    static void answer(HttpServerExchange exchange, byte[] body) {
        String kind = RESOURCES.get(exchange.getRequestPath().substring(PREFIX.length()));
        JsonNode request;
        try {
            request = body.length == 0 ? JSON.createObjectNode()
                    : ProtobufBodies.isProtobuf(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))
                    ? ProtobufBodies.toJson(body) : JSON.readTree(body);
        } catch (JacksonException e) {
            ApiStatus.badRequest("the " + kind + " in the body cannot be read: " + e.getOriginalMessage(),
                    "").sendTo(exchange);
            return;
        } catch (ProtobufBodies.UnreadableBody e) {
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
            return;
        }
        if (!(request instanceof ObjectNode review)) {
            ApiStatus.badRequest("the body is not a " + kind, "").sendTo(exchange);
            return;
        }
        review.put("apiVersion", GROUP_VERSION);
        review.put("kind", kind);
        if (!review.has("metadata")) {
            review.putObject("metadata");
        }
        if (kind.equals("SelfSubjectAccessReview")) {
            review.set("status", JSON.valueToTree(Map.of("allowed", true, "reason", REASON)));
        } else {
            review.set("status", JSON.valueToTree(Map.of(
                    "resourceRules", List.of(Map.of("verbs", List.of("*"), "apiGroups", List.of("*"),
                            "resources", List.of("*"))),
                    "nonResourceRules", List.of(Map.of("verbs", List.of("*"), "nonResourceURLs", List.of("*"))),
                    "incomplete", false)));
        }
        exchange.setStatusCode(201);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(JSON.writeValueAsString(review));
    }
}
