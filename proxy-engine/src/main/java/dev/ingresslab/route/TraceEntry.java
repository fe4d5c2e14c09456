package dev.ingresslab.route;

/**
 * One candidate the matcher considered, and what became of it.
 *
 * @param origin  the candidate's origin, or null for an entry about a whole object (an ignored Ingress)
 * @param ingress {@code namespace/name}
 * @param what    the candidate in words: {@code host alpaca.example.com, Prefix /}
 * @param verdict chosen, lost, not matched, ignored
 * @param reason  why, in plain words
 */
public record TraceEntry(Origin origin, String ingress, String what, Verdict verdict, String reason) {

    public enum Verdict {
        CHOSEN("chosen"),
        LOST("lost"),
        NOT_MATCHED("not_matched"),
        IGNORED("ignored");

        private final String jsonName;

        Verdict(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * The candidate's object as a person is shown it, kind first: {@code Ingress default/web}, {@code HTTPRoute
     * default/web} (a converted HTTPRoute keeps its Ingress's name); a whole-object entry is an ignored Ingress.
     */
    public String object() {
        return origin == null ? "Ingress " + ingress : origin.kindAndName();
    }

    /** {@link #object()} with the place in it: {@code Ingress default/web rule 0 path 1}. */
    public String label() {
        return origin == null ? object() : origin.displayWithKind();
    }

    /** Index in {@code spec.rules}, or null for a defaultBackend or a whole object. */
    public Integer rule() {
        return origin == null || origin.isDefaultBackend() ? null : origin.ruleIndex();
    }

    /** Index in the rule's paths, or null. */
    public Integer path() {
        return origin == null || origin.isDefaultBackend() ? null : origin.pathIndex();
    }
}
