package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a merge patch to an object: maps merge, {@code null} deletes, lists are replaced, except in a strategic
 * merge patch, where keyed lists merge element by element ({@code containers} by {@code name}) and the directives
 * kubectl writes are obeyed: {@code $patch: replace|delete|merge}, {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}. With {@link MergeKeys#NONE} it is a
 * JSON merge patch (RFC 7386).
 */
final class StrategicMerge {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

    /** A patch that cannot be applied: kubectl shows the message. */
    static final class PatchException extends Exception {
        PatchException(String message) {
            super(message);
        }
    }

    private final MergeKeys keys;

    StrategicMerge(MergeKeys keys) {
        this.keys = keys;
    }

    /** The patched copy of {@code original}; {@code original} is not changed. */
    JsonNode apply(JsonNode original, JsonNode patch) throws PatchException {
        if (!patch.isObject()) {
            throw new PatchException("a merge patch must be a JSON object, not " + patch.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode result = mergeObject(original.isObject() ? (ObjectNode) original.deepCopy()
                : JsonNodeFactory.instance.objectNode(), (ObjectNode) patch, "");
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** Merges {@code patch} into {@code target} (a copy this method may change); null means "delete the map". */
    private JsonNode mergeObject(ObjectNode target, ObjectNode patch, String path) throws PatchException {
        if (keys.strategic() && patch.has(PATCH)) {
            String directive = patch.get(PATCH).asString();
            switch (directive) {
                case "delete" -> {
                    return null;
                }
                case "replace" -> {
                    ObjectNode replacement = patch.deepCopy();
                    replacement.remove(PATCH);
                    return replacement;
                }
                case "merge" -> {
                }
                default -> throw new PatchException("unknown patch type: " + directive + " in map");
            }
        }
        if (keys.strategic() && patch.has(RETAIN_KEYS)) {
            Set<String> retained = new HashSet<>();
            patch.get(RETAIN_KEYS).forEach(key -> retained.add(key.asString()));
            new ArrayList<>(target.propertyNames()).stream().filter(name -> !retained.contains(name))
                    .forEach(target::remove);
        }
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (keys.strategic() && name.startsWith("$")) {
                if (name.startsWith(SET_ORDER)) {
                    orders.put(name.substring(SET_ORDER.length()), value);
                } else if (name.startsWith(DELETE_PRIMITIVES)) {
                    deletePrimitives(target, name.substring(DELETE_PRIMITIVES.length()), value);
                }
                continue;
            }
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            JsonNode current = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                JsonNode merged = mergeObject((ObjectNode) current, (ObjectNode) value, fieldPath);
                if (merged == null) {
                    target.remove(name);
                } else {
                    target.set(name, merged);
                }
            } else if (value.isObject()) {
                JsonNode merged = mergeObject(JsonNodeFactory.instance.objectNode(), (ObjectNode) value, fieldPath);
                if (merged != null) {
                    target.set(name, merged);
                }
            } else if (value.isArray()) {
                target.set(name, mergeList(current, (ArrayNode) value, fieldPath));
            } else {
                target.set(name, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> order : orders.entrySet()) {
            String fieldPath = path.isEmpty() ? order.getKey() : path + "." + order.getKey();
            JsonNode list = target.get(order.getKey());
            if (list != null && list.isArray()) {
                target.set(order.getKey(), reorder((ArrayNode) list, order.getValue(), keys.keyOf(fieldPath)));
            }
        }
        return target;
    }

    private JsonNode mergeList(JsonNode current, ArrayNode patch, String path) throws PatchException {
        String key = keys.keyOf(path);
        boolean primitives = keys.mergesPrimitives(path);
        if (current == null || !current.isArray() || (key == null && !primitives) || replacesWhole(patch)) {
            return withoutDirectives(patch);
        }
        ArrayNode result = ((ArrayNode) current).deepCopy();
        if (primitives) {
            for (JsonNode element : patch) {
                if (!contains(result, element)) {
                    result.add(element.deepCopy());
                }
            }
            return result;
        }
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.has(key)) {
                throw new PatchException("map: " + element + " does not contain declared merge key: " + key);
            }
            int at = indexOf(result, key, element.get(key));
            if ("delete".equals(element.path(PATCH).asString(null))) {
                if (at >= 0) {
                    result.remove(at);
                }
            } else if (at >= 0) {
                JsonNode merged = mergeObject((ObjectNode) result.get(at), (ObjectNode) element, path);
                if (merged == null) {
                    result.remove(at);
                } else {
                    result.set(at, merged);
                }
            } else {
                JsonNode added = mergeObject(JsonNodeFactory.instance.objectNode(), (ObjectNode) element, path);
                if (added != null) {
                    result.add(added);
                }
            }
        }
        return result;
    }

    /** {@code [{"$patch": "replace"}, …]}: the list becomes the other elements. */
    private boolean replacesWhole(ArrayNode patch) {
        if (!keys.strategic()) {
            return true;
        }
        for (JsonNode element : patch) {
            if (element.isObject() && element.size() == 1 && "replace".equals(element.path(PATCH).asString(null))) {
                return true;
            }
        }
        return false;
    }

    private ArrayNode withoutDirectives(ArrayNode patch) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : patch) {
            if (keys.strategic() && element.isObject() && element.has(PATCH)) {
                if (element.size() == 1 || "delete".equals(element.get(PATCH).asString(null))) {
                    continue;
                }
                ObjectNode copy = ((ObjectNode) element).deepCopy();
                copy.remove(PATCH);
                result.add(copy);
            } else {
                result.add(element.deepCopy());
            }
        }
        return result;
    }

    private static void deletePrimitives(ObjectNode target, String field, JsonNode values) {
        JsonNode list = target.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.forEach(element -> {
            if (!contains(values, element)) {
                kept.add(element);
            }
        });
        target.set(field, kept);
    }

    /** The list in the order {@code $setElementOrder} gives; elements it does not name keep their place after. */
    private static ArrayNode reorder(ArrayNode list, JsonNode order, String key) {
        List<JsonNode> remaining = new ArrayList<>();
        list.forEach(remaining::add);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wanted : order) {
            for (int i = 0; i < remaining.size(); i++) {
                JsonNode element = remaining.get(i);
                boolean same = key == null ? element.equals(wanted)
                        : element.isObject() && wanted.isObject() && element.path(key).equals(wanted.path(key));
                if (same) {
                    result.add(element);
                    remaining.remove(i);
                    break;
                }
            }
        }
        remaining.forEach(result::add);
        return result;
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode element : list) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }
}
