package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code DELETE} of a Pod as the API server carries it out: a graceful delete marks the Pod ({@code
 * metadata.deletionTimestamp} = now + the grace period, {@code deletionGracePeriodSeconds}) and answers it, so that
 * {@code kubectl get pods -w} shows it Terminating until the (simulated) kubelet has stopped its containers and
 * removes it ({@link SimulatedWorkloads}). A grace period of 0 ({@code --grace-period=0 --force}) removes it at
 * once. The grace period comes from the query ({@code gracePeriodSeconds}), the body's DeleteOptions, or the Pod's
 * {@code spec.terminationGracePeriodSeconds} (30 when unset), in that order (Kubernetes API, {@code
 * DeleteOptions.gracePeriodSeconds}).
 */
final class GracefulDeletion {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockUpstream store;

    GracefulDeletion(MockUpstream store) {
        this.store = store;
    }

    /** True for the deletes this handler takes: one Pod. */
    static boolean handles(String method, ApiPath path) {
        return method.equals("DELETE") && path.resource().kind().equals("Pod") && path.name() != null
                && path.subresource() == null;
    }

    /** A Pod marked deleted {@code grace} seconds from {@code now}, held by the simulated kubelet's finalizer. */
    static Pod markDeleted(Pod pod, long grace, Instant now) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return pod;
        }
        PodBuilder marked = new PodBuilder(pod).editMetadata()
                .withDeletionTimestamp(now.plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString())
                .withDeletionGracePeriodSeconds(grace).endMetadata();
        if (pod.getMetadata().getFinalizers() == null
                || !pod.getMetadata().getFinalizers().contains(SimulatedWorkloads.KUBELET_FINALIZER)) {
            marked.editMetadata().addToFinalizers(SimulatedWorkloads.KUBELET_FINALIZER).endMetadata();
        }
        return marked.build();
    }

    /** Runs on a worker thread, with the whole body (DeleteOptions, or empty). */
    void handle(HttpServerExchange exchange, ApiPath path, byte[] body) {
        try {
            Long asked = gracePeriod(exchange, body);
            MockUpstream.Answer current = store.send("GET", exchange.getRequestPath(), null);
            if (current.status() == 404) {
                ApiStatus.notFound(path.resource(), path.name()).sendTo(exchange);
                return;
            }
            if (current.status() != 200) {
                answer(exchange, current);
                return;
            }
            ObjectNode pod = (ObjectNode) JSON.readTree(current.body());
            ObjectNode metadata = (ObjectNode) pod.path("metadata");
            boolean terminating = metadata.hasNonNull("deletionTimestamp");
            long grace = asked != null ? asked : pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
            if (exchange.getQueryParameters().containsKey("dryRun")) {
                answer(exchange, new MockUpstream.Answer(200, current.body()));
            } else if (grace == 0 && terminating) {
                // the store removes an object marked deleted once no finalizer holds it
                ArrayNode finalizers = (ArrayNode) metadata.path("finalizers");
                for (int i = finalizers.size() - 1; i >= 0; i--) {
                    if (finalizers.get(i).asString("").equals(SimulatedWorkloads.KUBELET_FINALIZER)) {
                        finalizers.remove(i);
                    }
                }
                store.send("PUT", exchange.getRequestPath(), JSON.writeValueAsBytes(pod));
                answer(exchange, new MockUpstream.Answer(200, current.body()));
            } else if (grace == 0) {
                MockUpstream.Answer deleted = store.send("DELETE", exchange.getRequestPath(), null);
                answer(exchange, deleted.status() == 200 ? new MockUpstream.Answer(200, current.body()) : deleted);
            } else if (terminating) {
                answer(exchange, current); // deleting again changes nothing, as on the API server
            } else {
                metadata.put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS)
                        .toString());
                metadata.put("deletionGracePeriodSeconds", grace);
                (metadata.get("finalizers") instanceof ArrayNode list ? list : metadata.putArray("finalizers"))
                        .add(SimulatedWorkloads.KUBELET_FINALIZER);
                answer(exchange, store.send("PUT", exchange.getRequestPath(), JSON.writeValueAsBytes(pod)));
            }
        } catch (IllegalArgumentException e) {
            ApiStatus.badRequest(e.getMessage(), "").sendTo(exchange);
        } catch (IOException e) {
            ApiStatus.storeUnavailable(e).sendTo(exchange);
        }
    }

    /** The grace period asked for, or null; a negative or non-numeric one is refused as the API server does. */
    private static Long gracePeriod(HttpServerExchange exchange, byte[] body) {
        var query = exchange.getQueryParameters().get("gracePeriodSeconds");
        JsonNode value = null;
        if (query != null && !query.isEmpty()) {
            try {
                return check(Long.parseLong(query.getFirst()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gracePeriodSeconds must be a whole number of seconds, not \""
                        + query.getFirst() + "\"");
            }
        }
        if (body.length > 0) {
            try {
                value = JSON.readTree(body).path("gracePeriodSeconds");
            } catch (JacksonException e) {
                throw new IllegalArgumentException("the DeleteOptions in the body cannot be read: "
                        + e.getOriginalMessage());
            }
        }
        return value == null || value.isMissingNode() || value.isNull() ? null : check(value.asLong());
    }

    private static long check(long grace) {
        // the API server treats a negative grace period as 1 second (a "force" needs 0)
        return grace < 0 ? 1 : grace;
    }

    private static void answer(HttpServerExchange exchange, MockUpstream.Answer answer) {
        exchange.setStatusCode(answer.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
    }
}
