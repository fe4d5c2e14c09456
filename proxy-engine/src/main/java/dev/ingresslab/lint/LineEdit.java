package dev.ingresslab.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One change to a manifest's text: lines {@code first..last} (1-based, inclusive) replaced by {@code replacement}
 * (none to delete, more to insert). Every fix is made of these, placed by the parser's positions, so the rest of the
 * file (comments, order, quoting, blank lines) stays as the user wrote it.
 *
 * @param first       the first line replaced
 * @param last        the last line replaced ({@code first - 1} to insert before {@code first} without replacing)
 * @param replacement the new lines
 */
record LineEdit(int first, int last, List<String> replacement) {

    LineEdit {
        replacement = List.copyOf(replacement);
    }

    static LineEdit replace(int line, List<String> replacement) {
        return new LineEdit(line, line, replacement);
    }

    static LineEdit insertBefore(int line, String text) {
        return new LineEdit(line, line - 1, List.of(text));
    }

    static LineEdit insertAfter(int line, String text) {
        return new LineEdit(line + 1, line, List.of(text));
    }

    /** Applies edits that do not overlap, the lowest first so the lines of the others stay where they are. */
    static List<String> applyAll(List<String> lines, List<LineEdit> edits) {
        List<String> result = new ArrayList<>(lines);
        edits.stream().sorted((a, b) -> Integer.compare(b.first(), a.first())).forEach(edit -> {
            for (int i = edit.last(); i >= edit.first(); i--) {
                result.remove(i - 1);
            }
            result.addAll(edit.first() - 1, edit.replacement());
        });
        return result;
    }
}
