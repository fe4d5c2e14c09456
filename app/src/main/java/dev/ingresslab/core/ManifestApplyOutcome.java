package dev.ingresslab.core;

import java.util.List;

/**
 * What applying a manifest's documents to a cluster gave ({@link LabSession#applyManifests}).
 *
 * @param applied one line per object stored, as kubectl prints it: {@code Ingress default/web created}
 * @param refused one per document the API server refused, in order
 */
public record ManifestApplyOutcome(List<String> applied, List<Refusal> refused) {

    public ManifestApplyOutcome {
        applied = List.copyOf(applied);
        refused = List.copyOf(refused);
    }

    /**
     * A document the API server refused.
     *
     * @param object  {@code Kind name} as the document gives them
     * @param message the API server's message, verbatim
     * @param hint    ours: what to write instead (may be empty)
     */
    public record Refusal(String object, String message, String hint) {
    }

    /** True when every document was stored. */
    public boolean succeeded() {
        return refused.isEmpty();
    }
}
