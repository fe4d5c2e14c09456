package dev.ingresslab.sandbox;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code Status} answer as the API server writes it: kubectl prints its message after "Error from server
 * (Reason):". Our hint, when there is one, goes on the message's second line so kubectl prints it too.
 */
record ApiStatus(int code, String reason, String message, Map<String, Object> details) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ApiStatus badRequest(String message, String hint) {
        return new ApiStatus(400, "BadRequest", withHint(message, hint), null);
    }

    static ApiStatus notFound(ApiResources.Resource resource, String name) {
        return new ApiStatus(404, "NotFound", resource.qualifiedName() + " \"" + name + "\" not found",
                Map.of("name", name, "group", resource.group(), "kind", resource.name()));
    }

    static ApiStatus invalid(ApiResources.Resource resource, String name, List<Map<String, String>> causes,
                             String summary) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("group", resource.group());
        details.put("kind", resource.kind());
        details.put("causes", causes);
        return new ApiStatus(422, "Invalid", resource.qualifiedKind() + " \"" + name + "\" is invalid: " + summary,
                details);
    }

    static ApiStatus alreadyExists(ApiResources.Resource resource, String name) {
        return new ApiStatus(409, "AlreadyExists", resource.qualifiedName() + " \"" + name + "\" already exists",
                Map.of("name", name, "group", resource.group(), "kind", resource.name()));
    }

    static ApiStatus conflict(ApiResources.Resource resource, String name) {
        return new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on " + resource.qualifiedName() + " \""
                + name + "\": the object has been modified; please apply your changes to the latest version and try"
                + " again", Map.of("name", name, "group", resource.group(), "kind", resource.name()));
    }

    static ApiStatus unsupportedMediaType(String message, String hint) {
        return new ApiStatus(415, "UnsupportedMediaType", withHint(message, hint), null);
    }

    /** kube-apiserver's 500 for a failure of its own ({@code errors.NewInternalError}), with what to do next. */
    static ApiStatus internalError(String message, String hint) {
        return new ApiStatus(500, "InternalError", withHint(message, hint), null);
    }

    static ApiStatus storeUnavailable(java.io.IOException error) {
        return new ApiStatus(503, "ServiceUnavailable", "the sandbox's object store did not answer: "
                + error.getMessage(), null);
    }

    /**
     * A status for {@code code} with the reason kube-apiserver gives that code when it has no more specific one
     * ({@code NewGenericServerResponse} in k8s.io/apimachinery {@code pkg/api/errors/errors.go}).
     */
    static ApiStatus forCode(int code, String message) {
        String reason = switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
        return new ApiStatus(code, reason, message, null);
    }

    /** kube-apiserver's 405 for a method a path does not take ({@code errors.NewMethodNotSupported}'s reason). */
    static ApiStatus methodNotAllowed(String method, String path, String hint) {
        return new ApiStatus(405, "MethodNotAllowed", withHint("the server does not allow this method on the"
                + " requested resource (" + method + " " + path + ")", hint), null);
    }

    /** True when {@code body} is a JSON {@code Status} object, which kubectl prints as {@code Error from server}. */
    static boolean isStatus(byte[] body) {
        if (body == null || body.length == 0 || body[0] != '{') {
            return false;
        }
        try {
            return "Status".equals(JSON.readTree(body).path("kind").asString(""));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String withHint(String message, String hint) {
        return hint == null || hint.isEmpty() ? message : message + "\nhint: " + hint;
    }

    /**
     * Answers the exchange with this status. An answer given without reading the request's body closes the connection
     * after it (as Go's net/http, kube-apiserver's server, does for a body it has not read): kept alive, the server
     * would have to read and drop the whole body first, whatever its size.
     */
    void sendTo(io.undertow.server.HttpServerExchange exchange) {
        if (!exchange.isRequestComplete() && (exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(io.undertow.util.Headers.TRANSFER_ENCODING))) {
            exchange.setPersistent(false);
        }
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json());
    }

    /**
     * This status as a watch's ERROR event ({@code {"type":"ERROR","object":{Status}}}, k8s.io/apimachinery
     * {@code watch.Error}): how a watch that has started reports a failure.
     */
    byte[] watchError() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "ERROR");
        event.put("object", JSON.readTree(json()));
        return JSON.writeValueAsBytes(event);
    }

    String json() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.put("details", details);
        }
        status.put("code", code);
        return JSON.writeValueAsString(status);
    }
}
