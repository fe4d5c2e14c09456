package dev.ingresslab.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAPI v3 schemas of the sandbox's kinds, read off fabric8's model classes (their JSON properties and types), so
 * that {@code kubectl explain ingress.spec} lists the fields, as our hints for unknown fields suggest. The model
 * classes carry no descriptions; the fields a reader of the chapter meets (the Ingress's) have ours, from
 * {@code field-descriptions.properties}.
 */
final class OpenApiSchemas {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Map<String, Object>> BY_GROUP_VERSION = new ConcurrentHashMap<>();
    private static final Properties DESCRIPTIONS = load();

    private OpenApiSchemas() {
    }

    /** The schemas a group version's document holds: its kinds and every type they use. */
    static Map<String, Object> forGroupVersion(String groupVersion) {
        return BY_GROUP_VERSION.computeIfAbsent(groupVersion, gv -> {
            Map<String, Object> schemas = new LinkedHashMap<>();
            for (ApiResources.Resource resource : ApiResources.BY_GROUP_VERSION.getOrDefault(gv, List.of())) {
                Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(gv,
                        resource.kind());
                if (type != null) {
                    describe(type, schemas);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> kind = (Map<String, Object>) schemas.get(name(type));
                    kind.put("x-kubernetes-group-version-kind", List.of(Map.of("group", resource.group(),
                            "version", resource.version(), "kind", resource.kind())));
                }
            }
            return Map.copyOf(schemas);
        });
    }

    /** Adds the schema of a model class, and of the classes its fields use, to {@code schemas}. */
    private static void describe(Class<?> type, Map<String, Object> schemas) {
        String name = name(type);
        if (schemas.containsKey(name)) {
            return;
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schemas.put(name, schema); // before the fields: types may refer to themselves
        schema.put("type", "object");
        schema.put("description", DESCRIPTIONS.getProperty(type.getSimpleName(), ""));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Class<?> level = type; level != null && level != Object.class; level = level.getSuperclass()) {
            for (Field field : level.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property == null || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Map<String, Object> fieldSchema = new LinkedHashMap<>(schemaOf(field.getGenericType(), schemas));
                fieldSchema.put("description", DESCRIPTIONS.getProperty(type.getSimpleName() + "."
                        + property.value(), ""));
                properties.put(property.value(), fieldSchema);
            }
        }
        schema.put("properties", properties);
    }

    private static Map<String, Object> schemaOf(Type type, Map<String, Object> schemas) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(arguments[0], schemas));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaOf(arguments[1], schemas));
            }
        }
        if (!(type instanceof Class<?> raw)) {
            return Map.of();
        }
        if (raw == String.class || raw == Quantity.class) {
            return Map.of("type", "string");
        }
        if (raw == Integer.class || raw == int.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (raw == Long.class || raw == long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class) {
            return Map.of("type", "number");
        }
        if (raw == IntOrString.class) {
            return Map.of("x-kubernetes-int-or-string", true);
        }
        if (KubernetesResource.class.isAssignableFrom(raw)) {
            describe(raw, schemas);
            return Map.of("allOf", List.of(Map.of("$ref", "#/components/schemas/" + name(raw))));
        }
        return Map.of("type", "object");
    }

    private static String name(Class<?> type) {
        return type.getName();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = OpenApiSchemas.class.getResourceAsStream("field-descriptions.properties")) {
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
