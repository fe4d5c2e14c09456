package dev.ingresslab.lint;

import dev.ingresslab.manifest.ManifestProblem;

/**
 * The stable codes of lint's findings for what the loader refuses, named for the kind of mistake so scripts (and
 * {@code -o json}) can tell them apart; derived from the API server's wording the loader uses.
 */
final class FindingCodes {

    /** The input cannot be read at all: missing, not UTF-8, too large. The CLI exits 2 for these. */
    static final String UNREADABLE = "Unreadable";

    private FindingCodes() {
    }

    static String of(ManifestProblem problem) {
        String message = problem.message();
        if (message.startsWith("the path ") || message.startsWith("cannot read") || message.startsWith("cannot list")
                || message.startsWith("the file is ") || message.startsWith("the folder holds no manifests")) {
            return UNREADABLE;
        }
        if (message.startsWith("YAML syntax error")) {
            return "YamlSyntax";
        }
        if (message.startsWith("yaml: unmarshal errors")) {
            return "DuplicateKey";
        }
        if (message.startsWith("no kind ")) {
            return "KindNotRegistered";
        }
        if (message.startsWith("no matches for kind")) {
            return "ApiVersionRemoved";
        }
        if (message.startsWith("Object 'Kind' is missing") || message.startsWith("Object 'apiVersion' is missing")) {
            return "KindMissing";
        }
        if (message.contains("strict decoding error")) {
            return "UnknownField";
        }
        if (message.contains("cannot be handled as a")) {
            return "WrongType";
        }
        if (message.contains(": Required value")) {
            return "RequiredValue";
        }
        if (message.contains(": Unsupported value")) {
            return "UnsupportedValue";
        }
        if (message.contains(": Invalid value")) {
            return "InvalidValue";
        }
        return message.startsWith("a manifest must be a mapping") ? "NotAMapping" : "Refused";
    }
}
