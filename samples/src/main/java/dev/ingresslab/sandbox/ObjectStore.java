package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

    /**
     * The Gateway API kinds are custom resources, declared to the store as their CRDs declare them: GatewayClass,
     * Gateway and HTTPRoute with a status subresource (a write of the object keeps the stored status, a write of
     * {@code /status} keeps the rest, and {@code metadata.generation} counts the spec's changes, which
     * {@code observedGeneration} in their conditions refers to); ReferenceGrant without one.
     */
    ObjectStore() {
        super(ApiResources.BY_GROUP_VERSION.values().stream().flatMap(List::stream)
                .filter(ApiResources::isGatewayApi)
                .filter(resource -> ApiResources.storageVersion(resource).equals(resource.groupVersion()))
                .map(resource -> new CustomResourceDefinitionContext.Builder()
                        .withName(resource.qualifiedName()).withGroup(resource.group())
                        .withVersion(resource.version()).withPlural(resource.name()).withKind(resource.kind())
                        .withScope(resource.namespaced() ? "Namespaced" : "Cluster")
                        .withStatusSubresource(!resource.kind().equals("ReferenceGrant")).build())
                .toList());
    }

    /**
     * A request through a version that is served but not stored (the v1beta1 ReferenceGrant) is answered from the
     * stored version: its path and body's {@code apiVersion} are converted to the storage version, and the answer's
     * {@code apiVersion}s back to the version asked for, as the API server converts a CRD's objects (strategy
     * {@code None}). So there is one object, whichever version wrote or reads it.
     */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Optional<VersionConversion> conversion = VersionConversion.forPath(request.getPath());
        if (conversion.isEmpty()) {
            return super.dispatch(request);
        }
        VersionConversion convert = conversion.get();
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        RecordedRequest stored = new RecordedRequest(request.getHttpVersion(), request.method(),
                convert.toStoredPath(request.getPath()), request.getHeaders(),
                new Buffer(convert.toStored(body)));
        MockResponse answer = super.dispatch(stored);
        if (answer.getBody() != null) {
            answer.setBody(convert.toServed(answer.getBody().getBytes()));
        }
        return answer;
    }

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
     * What a restore did: the objects now in the store, and the saved entries set aside, each as {@code item 3
     * (Deployment default/web): why} (items counted from 1, in the file's order).
     */
    record Restored(List<JsonNode> objects, List<String> setAside) {
        Restored {
            objects = List.copyOf(objects);
            setAside = List.copyOf(setAside);
        }
    }

    /**
     * Puts objects back as they were stored, uid, creationTimestamp and resourceVersion included, before the store
     * serves anyone. Each entry first passes the checks a write would ({@link RestoreChecks}); one that fails, or a
     * second entry for an object already restored (the first one wins), is set aside and the rest restored. Then
     * the store's resourceVersion counter is moved past the highest version restored, so a new write never reuses
     * a version a client may still hold from before (its update must be a conflict, not a success), and fabric8's
     * uid counter ({@link Utils#generateId}: {@code 00000000-0000-0000-0000-00000000008f}, one process-wide counter
     * that starts at 0 in each process) past the highest uid restored, so a new object never gets a restored
     * object's uid (a real API server draws random uids; the mock counts).
     */
    /**
     * A saved Deployment's or ReplicaSet's status described pods of the last run; its pods start again with this
     * sandbox, not ready at first, so the status is dropped and the workloads write the true one as they come up (as
     * kube-controller-manager recomputes it after a restart). Waiting for "available" then means what it says.
     */
    private static JsonNode withoutStaleStatus(JsonNode entry) {
        String kind = entry.path("kind").asString("");
        if ((kind.equals("Deployment") || kind.equals("ReplicaSet")) && entry.has("status")
                && entry instanceof tools.jackson.databind.node.ObjectNode object) {
            tools.jackson.databind.node.ObjectNode copy = object.deepCopy();
            copy.remove("status");
            return copy;
        }
        return entry;
    }

    Restored restore(List<JsonNode> entries) {
        List<JsonNode> restored = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long highestVersion = 0;
        long highestUid = 0;
        int item = 0;
        for (JsonNode entry : entries) {
            item++;
            String named = "item " + item + " (" + SandboxSnapshot.describe(entry) + ")";
            RestoreChecks.Verdict verdict = RestoreChecks.check(entry);
            if (verdict instanceof RestoreChecks.Refused refused) {
                setAside.add(named + ": " + refused.reason());
                continue;
            }
            String accepted = ((RestoreChecks.Accepted) verdict).collection();
            // a v1beta1 ReferenceGrant written by hand is kept as v1, as a write through the API is
            Optional<VersionConversion> conversion = VersionConversion.forPath(accepted);
            String collection = conversion.map(convert -> convert.toStoredPath(accepted)).orElse(accepted);
            String name = entry.path("metadata").path("name").asString("");
            if (!seen.add(collection + "/" + name)) {
                setAside.add(named + ": a second entry for the same object (the first one is restored)");
                continue;
            }
            String json = withoutStaleStatus(entry).toString();
            if (conversion.isPresent()) {
                json = new String(conversion.get().toStored(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            GenericKubernetesResource resource;
            try {
                resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
            } catch (RuntimeException e) {
                setAside.add(named + ": it cannot be read: " + e.getMessage());
                continue;
            }
            processEvent(collection, getKey(collection), null, resource, json);
            restored.add(entry);
            JsonNode metadata = entry.path("metadata");
            highestVersion = Math.max(highestVersion, parseVersion(metadata.path("resourceVersion").asString("")));
            highestUid = Math.max(highestUid, counterUid(metadata.path("uid").asString("")));
        }
        long target = Math.min(highestVersion, MAX_VERSION_STEPS);
        while (requestResourceVersion() < target) {
            // the counter only moves one step at a time; a few million steps take milliseconds
        }
        long uidTarget = Math.min(highestUid, MAX_VERSION_STEPS);
        while (Utils.generateId().getLeastSignificantBits() < uidTarget) {
            // the same: one step at a time, and the counter is shared by every sandbox in this process
        }
        return new Restored(restored, setAside);
    }

    /** The counter value of a uid fabric8 made ({@code 00000000-0000-0000-0000-00000000008f} is 143), else 0. */
    static long counterUid(String uid) {
        try {
            UUID parsed = UUID.fromString(uid);
            return parsed.getMostSignificantBits() == 0 && parsed.getLeastSignificantBits() > 0
                    ? parsed.getLeastSignificantBits() : 0;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
