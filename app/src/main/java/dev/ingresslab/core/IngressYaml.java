package dev.ingresslab.core;

import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.route.Origin;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The YAML of one Ingress (or HTTPRoute, or Gateway: the objects routes come from), for the "YAML with the rule
 * highlighted" view, and where each rule and path of it is.
 * From files, it is the document as written in its file; from a cluster, the object as the API server returns it
 * (as {@code kubectl get -o yaml} shows it, without {@code managedFields} and the {@code last-applied-configuration}
 * annotation, which only repeat the rest).
 *
 * @param namespace the object's namespace
 * @param name      the object's name
 * @param text      the YAML, lines separated by {@code \n}
 * @param file      the file and the line of the file where {@code text} starts, when read from files
 */
public record IngressYaml(String namespace, String name, String text, Optional<SourceLocation> file) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public IngressYaml {
        Objects.requireNonNull(text);
        Objects.requireNonNull(file);
    }

    /**
     * Lines of {@link #text}, 1-based and inclusive.
     *
     * @param first the first line
     * @param last  the last line (at least {@code first})
     */
    public record LineRange(int first, int last) {
        public LineRange {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("a line range is 1-based and not empty: " + first + ".." + last);
            }
        }
    }

    /**
     * The lines of a route's origin. For an Ingress: {@code spec.rules[r].http.paths[p]} (with the rule's {@code host}
     * line included, so that the highlight shows what the path belongs to), or {@code spec.defaultBackend}. For an
     * HTTPRoute: {@code spec.rules[r].matches[m]}, from the rule's first line when the match is its first; the whole
     * rule when it has no matches (Gateway API v1: a rule without matches matches every path). For a Gateway:
     * {@code spec.listeners[l]}.
     *
     * @return empty when the text has no such element (the object changed since the route was compiled)
     */
    public Optional<LineRange> linesOf(Origin origin) {
        if (origin.kind().equals(Origin.HTTP_ROUTE)) {
            Map<String, LineRange> ranges = ranges();
            String rule = "spec.rules[" + origin.ruleIndex() + "]";
            LineRange match = ranges.get(rule + ".matches[" + Math.max(0, origin.pathIndex()) + "]");
            LineRange whole = ranges.get(rule);
            if (match == null) {
                return Optional.ofNullable(whole);
            }
            return Optional.of(new LineRange(origin.pathIndex() <= 0 && whole != null ? whole.first() : match.first(),
                    match.last()));
        }
        if (origin.kind().equals("Gateway")) {
            return linesOf("spec.listeners[" + origin.ruleIndex() + "]");
        }
        return origin.isDefaultBackend() ? linesOf("spec.defaultBackend")
                : linesOf(origin.ruleIndex(), origin.pathIndex());
    }

    /**
     * The lines of {@code spec.rules[rule].http.paths[path]}, from the rule's first line when the path is its first
     * (so the host shows), else from the path's first line.
     */
    public Optional<LineRange> linesOf(int rule, int path) {
        Map<String, LineRange> ranges = ranges();
        LineRange item = ranges.get("spec.rules[" + rule + "].http.paths[" + path + "]");
        if (item == null) {
            return Optional.empty();
        }
        LineRange ruleRange = ranges.get("spec.rules[" + rule + "]");
        int first = path == 0 && ruleRange != null ? ruleRange.first() : item.first();
        return Optional.of(new LineRange(first, item.last()));
    }

    /**
     * The lines of a field written as the API server names fields ({@code spec.rules[0]}, {@code spec.tls}).
     *
     * @return empty when the YAML does not have it, or cannot be parsed
     */
    public Optional<LineRange> linesOf(String field) {
        return Optional.ofNullable(ranges().get(field));
    }

    /** The first and last line of every field and list item, keyed as {@link #linesOf(String)} takes them. */
    private Map<String, LineRange> ranges() {
        Map<String, LineRange> ranges = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token != null) {
                walk(parser, token, "", ranges);
            }
        } catch (JacksonException e) {
            return Map.of(); // nothing to highlight in text that does not parse; the text itself is still shown
        }
        return ranges;
    }

    /** Reads one value starting at {@code token}; returns its last line. */
    private static int walk(JsonParser parser, JsonToken token, String path, Map<String, LineRange> ranges) {
        int last = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                int first = parser.currentTokenLocation().getLineNr();
                int end = Math.max(first, walk(parser, parser.nextToken(), field, ranges));
                ranges.put(field, new LineRange(first, end));
                last = Math.max(last, end);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            JsonToken next;
            while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                String item = path + "[" + index++ + "]";
                int first = parser.currentTokenLocation().getLineNr();
                int end = Math.max(first, walk(parser, next, item, ranges));
                ranges.put(item, new LineRange(first, end));
                last = Math.max(last, end);
            }
        }
        return last;
    }
}
