package dev.ingresslab.lint;

/**
 * Where a value is written on one line of YAML, found from the parser's position of its key: from after
 * {@code key:} to the end of a plain or quoted scalar, or to the bracket closing a flow mapping or sequence, never
 * into a trailing comment. Null when the value is not on the key's line (a block below it) or the key is not where
 * the parser said (a quoted key): the fixer then leaves the value alone.
 */
final class YamlLine {

    /** A value's place: {@code [start, end)} in the line. */
    record Span(int start, int end) {
    }

    private YamlLine() {
    }

    static Span valueAfterKey(String line, int keyColumn, String key) {
        int at = keyColumn - 1;
        if (at < 0 || !line.startsWith(key, at)) {
            return null;
        }
        int i = at + key.length();
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ':') {
            return null;
        }
        i++;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i >= line.length() || line.charAt(i) == '#' || line.charAt(i) == '|' || line.charAt(i) == '>') {
            return null;
        }
        int end = valueEnd(line, i, inFlow(line, at));
        return end < 0 ? null : new Span(i, end);
    }

    /** Whether the key is inside a flow mapping or sequence opened earlier on the line. */
    private static boolean inFlow(String line, int before) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < before; i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return depth > 0;
    }

    private static int valueEnd(String line, int start, boolean flow) {
        char first = line.charAt(start);
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < line.length(); i++) {
                if (line.charAt(i) == '\\' && first == '"') {
                    i++;
                } else if (line.charAt(i) == first) {
                    return i + 1;
                }
            }
            return -1;
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            char quote = 0;
            for (int i = start; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int end = start;
        while (end < line.length()) {
            char c = line.charAt(end);
            if ((flow && (c == ',' || c == '}' || c == ']')) || (c == '#' && line.charAt(end - 1) == ' ')) {
                break;
            }
            end++;
        }
        while (end > start && line.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    /**
     * The end-of-line comment after a value ending at {@code valueEnd}, with the spaces before it ({@code "   # named
     * port"}), or "" when the rest of the line holds none. YAML 1.2 §6.6: a comment starts at a {@code #} after white
     * space.
     */
    static String trailingComment(String line, int valueEnd) {
        int i = valueEnd;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i > valueEnd && i < line.length() && line.charAt(i) == '#' ? line.substring(valueEnd) : "";
    }

    /** The number of leading spaces. */
    static int indentation(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
