package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's object store (fabric8's CRUD dispatcher, which keeps each object as its JSON text), made durable
 * enough for {@link SandboxSnapshot}: it says when anything changed, lists every object as stored, and takes
 * objects back with the metadata the API server gave them. A create through the API would give each restored
 * object a new uid, creationTimestamp and resourceVersion, and the creationTimestamp decides which Ingress wins a
 * conflict (the oldest, as ingress-nginx rules), so restoring must not go through the API.
 */
final class ObjectStore extends KubernetesCrudDispatcher {

    /**
     * How far the version counter is moved at most: the sandbox's own versions grow by the thousands a day, so a
     * higher one was written by hand, and counting up to it would hold the start-up for minutes.
     */
    static final long MAX_VERSION_STEPS = 50_000_000L;

    private volatile Runnable changed = () -> { };

    /** {@code listener} runs after each create, update or delete, on the thread that made it: keep it short. */
    void onChange(Runnable listener) {
        this.changed = listener;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        changed.run();
    }

    /** Every object held, as the JSON text the store keeps (the same text a GET answers). */
    List<String> objects() {
        var map = getMap();
        synchronized (map) { // a synchronized map: iterating it needs its lock
            return new ArrayList<>(map.values());
        }
    }

    /**
     * Puts objects back as they were stored, uid, creationTimestamp and resourceVersion included, before the store
     * serves anyone; then moves the store's resourceVersion counter past the highest one restored, so a new write
     * never reuses a version a client may still hold from before (its update must be a conflict, not a success).
     *
     * @return the objects that could not be restored (a kind this sandbox does not serve), each as {@code
     *         Kind namespace/name}; the others are in the store
     */
    List<String> restore(List<JsonNode> objects) {
        List<String> refused = new ArrayList<>();
        long highestVersion = 0;
        for (JsonNode object : objects) {
            Optional<String> collection = collectionPath(object);
            if (collection.isEmpty()) {
                refused.add(SandboxSnapshot.describe(object));
                continue;
            }
            String json = object.toString();
            GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
            processEvent(collection.get(), getKey(collection.get()), null, resource, json);
            highestVersion = Math.max(highestVersion, parseVersion(object.path("metadata").path("resourceVersion")
                    .asString("")));
        }
        long target = Math.min(highestVersion, MAX_VERSION_STEPS);
        while (requestResourceVersion() < target) {
            // the counter only moves one step at a time; a few million steps take milliseconds
        }
        return refused;
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code /apis/apps/v1/namespaces/default/deployments}: where a create of this object would have been sent. */
    private static Optional<String> collectionPath(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        String namespace = object.path("metadata").path("namespace").asString("");
        return ApiResources.BY_GROUP_VERSION.getOrDefault(apiVersion, List.of()).stream()
                .filter(resource -> resource.kind().equals(kind) && resource.namespaced() != namespace.isEmpty())
                .findFirst()
                .map(resource -> (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion
                        + (resource.namespaced() ? "/namespaces/" + namespace : "") + "/" + resource.name());
    }
}
