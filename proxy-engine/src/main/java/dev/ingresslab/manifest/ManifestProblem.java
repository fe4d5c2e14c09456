package dev.ingresslab.manifest;

/**
 * Why a manifest cannot be used, where, and what to do about it.
 *
 * @param location where in which file
 * @param message  what is wrong; for mistakes the API server also refuses, its own wording
 * @param hint     what to do next, or empty
 */
public record ManifestProblem(SourceLocation location, String message, String hint) {

    public ManifestProblem {
        hint = hint == null ? "" : hint;
    }

    /** {@code file:line: message}, then the hint on a line of its own. */
    public String display() {
        return location.display() + ": " + message + (hint.isEmpty() ? "" : "\n  hint: " + hint);
    }
}
