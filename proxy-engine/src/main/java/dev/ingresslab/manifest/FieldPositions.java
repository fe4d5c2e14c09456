package dev.ingresslab.manifest;

/**
 * Where the fields of one object are written in its file, so a finding about {@code spec.rules[0].host} can name
 * the line and column to change. Positions are the YAML parser's (Jackson over SnakeYAML), never guessed from text.
 */
public final class FieldPositions {

    /** Positions of an object that was not read from a file: every field is at {@code location}. */
    public static FieldPositions none(SourceLocation location) {
        return new FieldPositions(location.file(), null, "", location);
    }

    private final String file;
    private final YamlDocument document;
    private final String prefix;
    private final SourceLocation fallback;

    FieldPositions(String file, YamlDocument document, String prefix) {
        this(file, document, prefix, null);
    }

    private FieldPositions(String file, YamlDocument document, String prefix, SourceLocation fallback) {
        this.file = file;
        this.document = document;
        this.prefix = prefix;
        this.fallback = fallback;
    }

    /**
     * The place of a field named as the API server names fields ({@code spec.rules[0].http.paths[1].path}); when the
     * field is not written out (a missing {@code pathType}), the place of its nearest enclosing field that is.
     */
    public SourceLocation of(String field) {
        if (document == null) {
            return fallback;
        }
        String full = field.isEmpty() ? stripDot(prefix) : prefix + field;
        return new SourceLocation(file, document.lineOf(full), document.columnOf(full));
    }

    /** Whether the field itself is written in the document (a missing {@code pathType} is not). */
    public boolean written(String field) {
        return document != null && document.lines().containsKey(prefix + field);
    }

    private static String stripDot(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
