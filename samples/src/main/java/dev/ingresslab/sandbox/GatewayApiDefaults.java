package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The defaults of the Gateway API's CRDs (gateway-api's standard channel, {@code default:} in their OpenAPI schemas),
 * which the API server fills into an object as it decodes it, before validation and storage, so that {@code kubectl
 * get -o yaml} shows them as on a real cluster:
 * <ul>
 *   <li>GatewayClass and Gateway: {@code status} with the conditions of an object no controller has looked at
 *       ({@code Accepted}, and for a Gateway {@code Programmed}: {@code Unknown}, reason {@code Pending}, "Waiting for
 *       controller"), on create;</li>
 *   <li>Gateway listeners: {@code allowedRoutes: {namespaces: {from: Same}}}; {@code tls.mode: Terminate};
 *       {@code certificateRefs[]} group {@code ""} and kind {@code Secret}; {@code spec.addresses[].type:
 *       IPAddress};</li>
 *   <li>HTTPRoute: {@code parentRefs[]} group {@code gateway.networking.k8s.io} and kind {@code Gateway};
 *       {@code rules} (one rule), each rule's {@code matches} ({@code path: {type: PathPrefix, value: /}}), a
 *       match's path type and value, header and query match type {@code Exact}; {@code backendRefs[]} group
 *       {@code ""}, kind {@code Service} and {@code weight: 1}; a {@code RequestRedirect}'s {@code statusCode:
 *       302}.</li>
 * </ul>
 * Fields the user wrote are never changed. Other kinds are left as they are.
 */
final class GatewayApiDefaults {

    static final String GROUP = "gateway.networking.k8s.io";
    /** The CRDs' {@code lastTransitionTime} for a condition no controller has set. */
    static final String NEVER = "1970-01-01T00:00:00Z";

    private GatewayApiDefaults() {
    }

    /**
     * Fills in the defaults of {@code kind} in place.
     *
     * @param create true for a create: the {@code status} default is given only to a new object (later its status
     *               is the controller's, written through {@code /status})
     */
    static void apply(JsonNode object, String kind, boolean create) {
        if (!(object instanceof ObjectNode node)) {
            return;
        }
        switch (kind) {
            case "GatewayClass" -> {
                if (create) {
                    pendingStatus(node, "Accepted");
                }
            }
            case "Gateway" -> {
                gateway(node.get("spec"));
                if (create) {
                    pendingStatus(node, "Accepted", "Programmed");
                }
            }
            case "HTTPRoute" -> httpRoute(node.get("spec"));
            default -> {
            }
        }
    }

    private static void gateway(JsonNode spec) {
        if (!(spec instanceof ObjectNode gateway)) {
            return;
        }
        for (JsonNode address : array(gateway.get("addresses"))) {
            put(address, "type", "IPAddress");
        }
        for (JsonNode listener : array(gateway.get("listeners"))) {
            if (!(listener instanceof ObjectNode l)) {
                continue;
            }
            JsonNode allowed = l.has("allowedRoutes") ? l.get("allowedRoutes") : l.putObject("allowedRoutes");
            if (allowed instanceof ObjectNode a) {
                JsonNode namespaces = a.has("namespaces") ? a.get("namespaces") : a.putObject("namespaces");
                put(namespaces, "from", "Same");
            }
            if (l.get("tls") instanceof ObjectNode tls) {
                put(tls, "mode", "Terminate");
                for (JsonNode ref : array(tls.get("certificateRefs"))) {
                    put(ref, "group", "");
                    put(ref, "kind", "Secret");
                }
            }
        }
    }

    private static void httpRoute(JsonNode spec) {
        if (!(spec instanceof ObjectNode route)) {
            return;
        }
        for (JsonNode parent : array(route.get("parentRefs"))) {
            put(parent, "group", GROUP);
            put(parent, "kind", "Gateway");
        }
        if (!route.has("rules")) {
            route.putArray("rules").addObject();
        }
        for (JsonNode rule : array(route.get("rules"))) {
            if (!(rule instanceof ObjectNode r)) {
                continue;
            }
            if (!r.has("matches")) {
                r.putArray("matches").addObject();
            }
            for (JsonNode match : array(r.get("matches"))) {
                if (!(match instanceof ObjectNode m)) {
                    continue;
                }
                JsonNode path = m.has("path") ? m.get("path") : m.putObject("path");
                put(path, "type", "PathPrefix");
                put(path, "value", "/");
                for (JsonNode header : array(m.get("headers"))) {
                    put(header, "type", "Exact");
                }
                for (JsonNode query : array(m.get("queryParams"))) {
                    put(query, "type", "Exact");
                }
            }
            for (JsonNode ref : array(r.get("backendRefs"))) {
                put(ref, "group", "");
                put(ref, "kind", "Service");
                put(ref, "weight", 1);
            }
            for (JsonNode filter : array(r.get("filters"))) {
                put(filter.get("requestRedirect"), "statusCode", 302);
            }
        }
    }

    private static void pendingStatus(ObjectNode object, String... types) {
        if (object.has("status")) {
            return;
        }
        ArrayNode conditions = object.putObject("status").putArray("conditions");
        for (String type : types) {
            conditions.addObject().put("lastTransitionTime", NEVER).put("message", "Waiting for controller")
                    .put("reason", "Pending").put("status", "Unknown").put("type", type);
        }
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        return node instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
    }

    private static void put(JsonNode node, String field, String value) {
        if (node instanceof ObjectNode object && !object.has(field)) {
            object.put(field, value);
        }
    }

    private static void put(JsonNode node, String field, int value) {
        if (node instanceof ObjectNode object && !object.has(field)) {
            object.put(field, value);
        }
    }
}
