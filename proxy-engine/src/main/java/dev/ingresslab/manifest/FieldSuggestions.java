package dev.ingresslab.manifest;

import dev.ingresslab.text.Spelling;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hint for a field the API does not have: the v1 form for the fields removed with v1beta1 ({@code spec.backend},
 * {@code serviceName}, {@code servicePort}) and for the chapter's {@code spec.service}; otherwise "did you mean" the
 * valid field nearest by Levenshtein distance (case ignored, at most a third of the name's length, and at most 3),
 * with the valid fields listed, as {@code kubectl explain} would list them.
 */
final class FieldSuggestions {

    private FieldSuggestions() {
    }

    /**
     * @param kind    the object's kind ({@code Ingress})
     * @param first   the first unknown field, with its valid siblings
     * @param unknown every unknown field of the object, by name
     */
    static String hint(String kind, UnknownFields.Unknown first, List<String> unknown) {
        if (kind.equals("Ingress") && (unknown.contains("spec.service") || unknown.contains("spec.backend"))) {
            return "a catch-all backend is `spec.defaultBackend.service` (name and port), not `"
                    + (unknown.contains("spec.service") ? "spec.service" : "spec.backend") + "`";
        }
        if (unknown.stream().anyMatch(f -> f.endsWith(".serviceName") || f.endsWith(".servicePort"))) {
            return "`serviceName`/`servicePort` are the removed v1beta1 form: use"
                    + " `service: {name: …, port: {number: …}}`";
        }
        String field = first.field();
        int cut = field.lastIndexOf('.'); // unknown fields are always names in a mapping: `spec.rules[0].hots`
        String parent = cut < 0 ? "" : field.substring(0, cut);
        String name = field.substring(cut + 1);
        String where = parent.isEmpty() ? "a" + (startsWithVowel(kind) ? "n " : " ") + kind : "`" + parent + "`";
        String explainPath = kind.toLowerCase(Locale.ROOT)
                + (parent.isEmpty() ? "" : "." + parent.replaceAll("\\[\\d+]", ""));
        List<String> siblings = first.siblings().stream().filter(s -> !s.equals("status")).toList();
        Optional<String> nearest = nearest(name, siblings);
        String listing = siblings.isEmpty() ? "" : where + " has: " + String.join(", ", siblings) + " ";
        return nearest.map(n -> "did you mean `" + n + "`? ").orElse("check the spelling and the indentation; ")
                + listing + "(`kubectl explain " + explainPath + "`)";
    }

    /** The valid name nearest to {@code name}, when it is near enough to be a misspelling ({@link Spelling}). */
    static Optional<String> nearest(String name, List<String> candidates) {
        return Spelling.nearest(name, candidates);
    }

    private static boolean startsWithVowel(String word) {
        return !word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0;
    }
}
