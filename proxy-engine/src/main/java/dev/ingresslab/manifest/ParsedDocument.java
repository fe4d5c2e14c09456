package dev.ingresslab.manifest;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * One document of a YAML stream, as a tree with the parser's position of each field: what tools that edit a
 * manifest in place (lint's fixer) need to find the line and column to change without parsing YAML themselves.
 *
 * @param root      the document
 * @param positions where each field is written
 */
public record ParsedDocument(JsonNode root, FieldPositions positions) {

    /**
     * Parses every document of {@code text} (Jackson over SnakeYAML); empty documents are left out.
     *
     * @throws tools.jackson.core.JacksonException on a syntax error
     * @throws IllegalArgumentException            when a mapping repeats a key
     */
    public static List<ParsedDocument> parseAll(String name, String text) {
        try {
            return YamlDocument.parseAll(text).stream()
                    .map(document -> new ParsedDocument(document.root(), new FieldPositions(name, document, "")))
                    .toList();
        } catch (YamlDocument.DuplicateFieldException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether the field is written out in the document (not only an enclosing one). */
    public boolean written(String field) {
        return positions.written(field);
    }
}
