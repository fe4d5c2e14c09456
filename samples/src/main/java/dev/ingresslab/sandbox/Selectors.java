package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;

import java.util.function.Predicate;

/**
 * The selectors kubectl sends, as tests on objects: field selectors ({@code metadata.name=alpaca}, {@code
 * involvedObject.uid=…}, {@code a!=b}; kubectl wait, {@code get NAME -w} and describe's Events send them, and the
 * store behind the front ignores them) and equality label selectors ({@code app=alpaca}, {@code tier!=web}, {@code
 * app}). Set-based label selectors ({@code app in (a,b)}) are refused with a clear message.
 */
final class Selectors {

    private Selectors() {
    }

    /** The test of a field selector; everything passes an absent one. */
    static Predicate<JsonNode> fields(String selector) {
        Predicate<JsonNode> test = object -> true;
        for (String term : terms(selector)) {
            boolean negated = term.contains("!=");
            String[] pair = term.split(negated ? "!=" : "==?", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("invalid field selector: " + term);
            }
            String[] path = pair[0].trim().split("\\.");
            String wanted = pair[1].trim();
            test = test.and(object -> {
                JsonNode node = object;
                for (String field : path) {
                    node = node.path(field);
                }
                return node.asString("").equals(wanted) != negated;
            });
        }
        return test;
    }

    /** The test of an equality label selector; everything passes an absent one. */
    static Predicate<JsonNode> labels(String selector) {
        Predicate<JsonNode> test = object -> true;
        for (String term : terms(selector)) {
            if (term.contains("(") || term.trim().contains(" ")) {
                throw new IllegalArgumentException("the sandbox takes equality label selectors only (a=b, a!=b, a),"
                        + " not: " + term);
            }
            boolean negated = term.contains("!=");
            String[] pair = term.split(negated ? "!=" : "==?", 2);
            String key = pair[0].trim();
            String wanted = pair.length == 2 ? pair[1].trim() : null;
            test = test.and(object -> {
                JsonNode value = object.path("metadata").path("labels").get(key);
                if (wanted == null) {
                    return value != null;
                }
                boolean equal = value != null && value.asString().equals(wanted);
                return equal != negated;
            });
        }
        return test;
    }

    private static String[] terms(String selector) {
        return selector == null || selector.isBlank() ? new String[0] : selector.split(",");
    }
}
