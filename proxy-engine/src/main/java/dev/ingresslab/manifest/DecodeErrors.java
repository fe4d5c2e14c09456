package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.Collection;
import java.util.Map;

/**
 * Turns a decoding failure of the model (Jackson's) into the API server's words: Go's {@code encoding/json} message
 * {@code json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.defaultBackend.service.port.number
 * of type int32}, with the field's path, so the finding can point at its line.
 */
final class DecodeErrors {

    private DecodeErrors() {
    }

    /**
     * @param field   the field whose value is wrong ({@code spec.defaultBackend.service.port.number}), or ""
     * @param message the decoder's words
     * @param hint    what to write instead, or empty
     */
    record Explained(String field, String message, String hint) {
    }

    static Explained explain(RuntimeException error, JsonNode node) {
        MismatchedInputException mismatch = find(error, MismatchedInputException.class);
        JacksonException jackson = mismatch != null ? mismatch : find(error, JacksonException.class);
        if (jackson == null) {
            return new Explained("", firstLine(root(error)), "");
        }
        StringBuilder path = new StringBuilder();
        StringBuilder goPath = new StringBuilder();
        String struct = "";
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                goPath.append(goPath.isEmpty() ? "" : ".").append(reference.getPropertyName());
                Object from = reference.from();
                Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
                struct = type == null ? "" : type.getSimpleName();
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        String field = path.toString();
        if (mismatch != null && mismatch.getTargetType() != null && !field.isEmpty()) {
            String given = jsonType(at(node, field));
            String wanted = goType(mismatch.getTargetType());
            return new Explained(field, "json: cannot unmarshal " + given + " into Go struct field " + struct + "."
                    + goPath + " of type " + wanted, "`" + field.replaceAll("^.*\\.", "") + "` takes "
                    + describe(wanted) + ", not " + article(given) + given);
        }
        return new Explained(field, firstLine(jackson.getOriginalMessage()), "");
    }

    /** The value at an API path ({@code spec.rules[0].host}) in a tree, or null. */
    private static JsonNode at(JsonNode node, String field) {
        JsonNode current = node;
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            current = current == null ? null : current.get(name);
            while (bracket >= 0 && current != null) {
                int close = part.indexOf(']', bracket);
                current = current.get(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        return current;
    }

    /** Go's name for a JSON value's type, as encoding/json says it. */
    private static String jsonType(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isArray() ? "array" : "object";
    }

    /** The Go type the API has for a model type. */
    private static String goType(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "int32";
        }
        if (type == Long.class || type == long.class) {
            return "int64";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "bool";
        }
        if (type == String.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "[]…";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "map[string]string";
        }
        if (KubernetesResource.class.isAssignableFrom(type)) {
            String pkg = type.getPackageName();
            return pkg.substring(pkg.lastIndexOf('.') + 1) + "." + type.getSimpleName();
        }
        return type.getSimpleName();
    }

    private static String describe(String goType) {
        return switch (goType) {
            case "int32", "int64" -> "a number (" + goType + ", no quotes)";
            case "bool" -> "true or false";
            case "string" -> "a string";
            case "[]…" -> "a list (`- item` lines)";
            case "map[string]string" -> "a mapping of strings";
            default -> "a mapping (" + goType + ")";
        };
    }

    private static String article(String jsonType) {
        return jsonType.equals("object") || jsonType.equals("array") ? "an " : "a ";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String root(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
