package dev.ingresslab.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.KubernetesResource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields of a manifest that the Kubernetes API does not have. fabric8's model keeps such fields in
 * {@code additionalProperties} instead of failing, but the API server refuses them ("strict decoding error:
 * unknown field"), so explain must too: a misspelt field would otherwise be silently ignored.
 */
final class UnknownFields {

    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

    private record Property(String name, Method getter) {
    }

    /**
     * A field the API does not have, and the fields its object does have (what a "did you mean" chooses from).
     *
     * @param field    named as the API server names it: {@code spec.service}
     * @param siblings the fields the enclosing object may hold, in the API's order ({@code defaultBackend,
     *                 ingressClassName, rules, tls})
     */
    record Unknown(String field, List<String> siblings) {
    }

    private UnknownFields() {
    }

    /** The unknown fields, named as the API server names them: {@code spec.service}. */
    static List<String> of(KubernetesResource object) {
        return find(object).stream().map(Unknown::field).toList();
    }

    /** The unknown fields with the valid fields beside each. */
    static List<Unknown> find(KubernetesResource object) {
        List<Unknown> unknown = new ArrayList<>();
        walk(object, "", unknown);
        return unknown;
    }

    private static void walk(Object node, String path, List<Unknown> unknown) {
        if (node instanceof KubernetesResource) {
            for (Property property : properties(node.getClass())) {
                Object value = get(property.getter(), node);
                if (property.name().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra) {
                        List<String> siblings = fieldsOf(node.getClass());
                        extra.keySet().stream().map(key -> join(path, String.valueOf(key))).sorted()
                                .forEach(field -> unknown.add(new Unknown(field, siblings)));
                    }
                } else {
                    walk(value, join(path, property.name()), unknown);
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", unknown);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, join(path, String.valueOf(key)), unknown));
        }
    }

    /** The JSON fields of a model class in the API's order, from its {@code @JsonPropertyOrder}. */
    private static List<String> fieldsOf(Class<?> type) {
        JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
        return order == null ? List.of() : List.of(order.value());
    }

    /** The getters of a model class that may hold model objects (and additionalProperties). */
    private static List<Property> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            List<Property> properties = new ArrayList<>();
            for (Method method : t.getMethods()) {
                String name = method.getName();
                boolean getter = name.startsWith("get") && name.length() > 3 && method.getParameterCount() == 0
                        && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class;
                Class<?> returns = method.getReturnType();
                boolean mayHoldModel = KubernetesResource.class.isAssignableFrom(returns)
                        || Collection.class.isAssignableFrom(returns) || Map.class.isAssignableFrom(returns);
                if (getter && mayHoldModel) {
                    properties.add(new Property(Character.toLowerCase(name.charAt(3)) + name.substring(4), method));
                }
            }
            return List.copyOf(properties);
        });
    }

    private static Object get(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
