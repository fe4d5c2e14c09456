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

    /** What a refused scale names ({@code Scale.autoscaling "web" is invalid: ...}), as the API server does. */
    private static final ApiResources.Resource SCALE = new ApiResources.Resource("autoscaling/v1", "scale", "scale",
            "Scale", true, List.of());

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
            long wanted;
            try {
                var asked = JSON.readTree(body).path("spec").path("replicas");
                if (!asked.isIntegralNumber()) {
                    ApiStatus.badRequest("the body of the request has no whole number at spec.replicas",
                            "e.g. kubectl scale deployment " + path.name() + " --replicas=2").sendTo(exchange);
                    return;
                }
                wanted = asked.asLong();
            } catch (JacksonException e) {
                ApiStatus.badRequest("the body of the request cannot be read: " + e.getOriginalMessage(), "")
                        .sendTo(exchange);
                return;
            }
            if (wanted < 0 || wanted > Integer.MAX_VALUE) {
                String message = wanted < 0 ? WriteChecks.invalidReplicas(wanted)
                        : "Invalid value: " + wanted + ": must be no more than " + Integer.MAX_VALUE;
                ApiStatus.invalid(SCALE, path.name(), List.of(Map.of("reason", "FieldValueInvalid", "field",
                        "spec.replicas", "message", message)), "spec.replicas: " + message).sendTo(exchange);
                return;
            }
            replicas = (int) wanted;
            deployment.scale(replicas);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(JSON.writeValueAsString(Map.of("kind", "Scale", "apiVersion",
                "autoscaling/v1", "metadata", Map.of("name", path.name(), "namespace", path.namespace()),
                "spec", Map.of("replicas", replicas), "status", Map.of("replicas", replicas))));
    }
}
