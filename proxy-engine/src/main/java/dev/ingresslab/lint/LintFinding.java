package dev.ingresslab.lint;

import dev.ingresslab.manifest.SourceLocation;

import java.util.Objects;

/**
 * One thing lint found.
 *
 * @param location where: file, line and column (0 when the finding is about the whole file)
 * @param severity how bad
 * @param code     a short CamelCase name, stable for scripts ({@code UnknownField}, {@code RouteConflict})
 * @param message  what is wrong; for what the API server refuses, its own words
 * @param hint     what to do next; may be empty
 */
public record LintFinding(SourceLocation location, Severity severity, String code, String message, String hint) {

    public LintFinding {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    /** {@code file:12:7: error: message}, then {@code   hint: …} on a line of its own, as compilers print them. */
    public String display() {
        return location.displayPrecise() + ": " + severity.word() + ": " + message
                + (hint.isEmpty() ? "" : "\n  hint: " + hint);
    }
}
