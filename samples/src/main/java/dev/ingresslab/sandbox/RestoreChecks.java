package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether one entry of a saved snapshot may go back into the store, and where: the same checks a write through the
 * API gets ({@link WriteChecks}, with {@code fieldValidation=Warn}, which a real API server accepts too), after the
 * entry is shown to be an object with an {@code apiVersion}, a {@code kind} and a {@code metadata.name} of a kind this
 * sandbox serves. A saved file is the user's to edit, so nothing in it is trusted more than a {@code kubectl apply}.
 */
final class RestoreChecks {

    private RestoreChecks() {
    }

    /** Where the entry goes ({@code /apis/apps/v1/namespaces/default/deployments}), or why it cannot. */
    sealed interface Verdict {
    }

    record Accepted(String collection) implements Verdict {
    }

    record Refused(String reason) implements Verdict {
    }

    static Verdict check(JsonNode entry) {
        if (!entry.isObject()) {
            return new Refused("it is not an object");
        }
        if (entry.path("apiVersion").asString("").isEmpty() || entry.path("kind").asString("").isEmpty()
                || entry.path("metadata").path("name").asString("").isEmpty()) {
            return new Refused("it has no apiVersion, kind or metadata.name");
        }
        Optional<String> collection = collectionPath(entry);
        Optional<ApiPath> path = collection.flatMap(ApiPath::parse);
        if (path.isEmpty()) {
            return new Refused("a kind this sandbox does not serve");
        }
        List<String> warnings = new ArrayList<>();
        Optional<ApiStatus> refusal;
        try {
            refusal = WriteChecks.check(path.get(), entry, "Warn", warnings);
        } catch (RuntimeException e) {
            return new Refused("it cannot be read: " + e.getMessage());
        }
        if (refusal.isPresent()) {
            // the API server's message, without our hint's second line
            String message = refusal.get().message();
            return new Refused("the API server would refuse it: " + message.lines().findFirst().orElse(message));
        }
        return new Accepted(collection.get());
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
