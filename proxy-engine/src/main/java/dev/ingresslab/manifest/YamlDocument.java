package dev.ingresslab.manifest;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document of a YAML (or JSON) stream as a Jackson tree, with the line of every field, so an error can name
 * the line a user must change. Jackson's YAML parser does the parsing; this only records where values start.
 *
 * @param root  the document
 * @param line  the line the document starts on
 * @param lines the line of each field, keyed as the API server names fields: {@code spec.rules[0].host}
 * @param columns the 1-based column of each field's key (of each list item's value), keyed as {@code lines}
 */
record YamlDocument(JsonNode root, int line, Map<String, Integer> lines, Map<String, Integer> columns) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * The documents of a stream; empty documents are left out.
     *
     * @throws tools.jackson.core.JacksonException on a syntax error, with its location
     * @throws DuplicateFieldException when a mapping repeats a key, which the API server refuses
     */
    static List<YamlDocument> parseAll(String text) {
        return parseInto(text, new ArrayList<>());
    }

    /**
     * Parses the documents of {@code text} into {@code documents}, one at a time, so that when a later document is
     * broken the ones before it are already there (their findings are not hidden by the error).
     *
     * @return {@code documents}
     * @throws DuplicateFieldException when a mapping repeats a key
     * @throws tools.jackson.core.JacksonException at a YAML syntax error; {@code documents} holds those before it
     */
    static List<YamlDocument> parseInto(String text, List<YamlDocument> documents) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                Map<String, Integer> lines = new HashMap<>();
                Map<String, Integer> columns = new HashMap<>();
                JsonNode root = read(parser, token, "", new Positions(lines, columns));
                if (!root.isNull()) {
                    documents.add(new YamlDocument(root, line, Map.copyOf(lines), Map.copyOf(columns)));
                }
            }
        }
        return documents;
    }

    /** The line of a field, or of its nearest enclosing field that is written out, or of the document. */
    int lineOf(String field) {
        String path = nearestWritten(field);
        return path.isEmpty() ? line : lines.get(path);
    }

    /** The column of the field {@link #lineOf} finds, or 1 for the document itself (its top-level keys). */
    int columnOf(String field) {
        String path = nearestWritten(field);
        return path.isEmpty() ? 1 : columns.getOrDefault(path, 1);
    }

    /** The field itself when the document writes it out, else its nearest enclosing field that it does, or "". */
    private String nearestWritten(String field) {
        String path = field;
        while (!path.isEmpty() && !lines.containsKey(path)) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return path;
    }

    /** Where each field starts, filled while reading. */
    private record Positions(Map<String, Integer> lines, Map<String, Integer> columns) {
        void put(String field, tools.jackson.core.TokenStreamLocation location) {
            lines.put(field, location.getLineNr());
            columns.put(field, location.getColumnNr());
        }
    }

    private static JsonNode read(JsonParser parser, JsonToken token, String path, Positions lines) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case START_OBJECT -> readObject(parser, path, lines);
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int index = 0;
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    String item = path + "[" + index++ + "]";
                    lines.put(item, parser.currentTokenLocation());
                    array.add(read(parser, next, item, lines));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> nodes.textNode(parser.getString());
        };
    }

    private static ObjectNode readObject(JsonParser parser, String path, Positions lines) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> keyLines = new HashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String field = path.isEmpty() ? name : path + "." + name;
            tools.jackson.core.TokenStreamLocation where = parser.currentTokenLocation();
            if (object.has(name)) {
                throw new DuplicateFieldException(field, where.getLineNr(), where.getColumnNr(), keyLines.get(name));
            }
            keyLines.put(name, where.getLineNr());
            lines.put(field, where);
            object.set(name, read(parser, parser.nextToken(), field, lines));
        }
        return object;
    }

    /** A mapping with the same key twice: kubectl refuses the file before sending anything. */
    static final class DuplicateFieldException extends RuntimeException {
        final String field;
        final int line;
        final int column;
        final int firstLine;

        DuplicateFieldException(String field, int line, int column, int firstLine) {
            super("duplicate field \"" + field + "\"");
            this.field = field;
            this.line = line;
            this.column = column;
            this.firstLine = firstLine;
        }
    }
}
