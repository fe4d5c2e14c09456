package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * A Deployment's scale subresource, which the store lacks: GET reads it, PUT and PATCH ({@code kubectl scale} sends
 * a merge patch of {@code spec.replicas}) set the Deployment's replicas, and the simulated pods follow.
 */
final class ScaleSubresource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;

    ScaleSubresource(KubernetesClient client) {
        this.client = client;
    }

    /** Runs on a worker thread, with the whole body. */
    void answer(HttpServerExchange exchange, ApiPath path, String body) {
        var deployment = client.apps().deployments().inNamespace(path.namespace()).withName(path.name());
        var current = deployment.get();
        if (current == null) {
            ApiStatus.notFound(path.resource(), path.name()).sendTo(exchange);
            return;
        }
        int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        if (!exchange.getRequestMethod().toString().equals("GET")) {
            int wanted;
            try {
                var asked = JSON.readTree(body).path("spec").path("replicas");
                wanted = asked.isInt() ? asked.asInt() : -1;
            } catch (JacksonException e) {
                wanted = -1;
            }
            if (wanted < 0) {
                ApiStatus.invalid(path.resource(), path.name(), List.of(Map.of("reason", "FieldValueInvalid", "field",
                        "spec.replicas", "message", "Invalid value: must be greater than or equal to 0")),
                        "spec.replicas: Invalid value: must be greater than or equal to 0").sendTo(exchange);
                return;
            }
            replicas = wanted;
            deployment.scale(replicas);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(JSON.writeValueAsString(Map.of("kind", "Scale", "apiVersion",
                "autoscaling/v1", "metadata", Map.of("name", path.name(), "namespace", path.namespace()),
                "spec", Map.of("replicas", replicas), "status", Map.of("replicas", replicas))));
    }
}
