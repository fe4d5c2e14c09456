package dev.ingresslab.manifest;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * Integer fields given as strings ({@code number: "80"}). The model's decoder (fabric8's Jackson) coerces such a
 * string to the number, but the API server's Go {@code encoding/json} does not: it refuses the object with {@code json:
 * cannot unmarshal string into Go struct field ServiceBackendPort.spec.rules.http.paths.backend.service.port.number
 * of type int32}. A YAML scalar written quoted is a string node in the tree (its scalar style), a plain {@code 80} a
 * number, so the tree is enough to tell them apart.
 * <p>
 * Covered, with the Go struct that holds each (Kubernetes API {@code networking/v1/types.go}, {@code core/v1/types.go}):
 * Ingress {@code spec.defaultBackend.service.port.number} and {@code spec.rules[].http.paths[].backend.service.port.number}
 * (ServiceBackendPort); Service {@code spec.ports[].port} and {@code spec.ports[].nodePort} (ServicePort), {@code
 * spec.healthCheckNodePort} (ServiceSpec), {@code spec.sessionAffinityConfig.clientIP.timeoutSeconds} (ClientIPConfig).
 * {@code targetPort} is an IntOrString and takes either.
 */
final class QuotedIntegers {

    /** One int32 field: its API path with {@code []} for every list item, and the Go struct that holds it. */
    private record IntField(String kind, String path, String struct) {
    }

    private static final List<IntField> FIELDS = List.of(
            new IntField("Ingress", "spec.defaultBackend.service.port.number", "ServiceBackendPort"),
            new IntField("Ingress", "spec.rules[].http.paths[].backend.service.port.number", "ServiceBackendPort"),
            new IntField("Service", "spec.ports[].port", "ServicePort"),
            new IntField("Service", "spec.ports[].nodePort", "ServicePort"),
            new IntField("Service", "spec.healthCheckNodePort", "ServiceSpec"),
            new IntField("Service", "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "ClientIPConfig"));

    private QuotedIntegers() {
    }

    /** The first int32 field of {@code object} (a {@code kind}) given as a string, explained as the decoder says it. */
    static Optional<DecodeErrors.Explained> find(JsonNode object, String kind) {
        for (IntField field : FIELDS) {
            if (field.kind().equals(kind)) {
                Optional<String> at = firstString(object, field.path().split("\\."), 0, "");
                if (at.isPresent()) {
                    String goPath = field.path().replace("[]", "");
                    String key = goPath.substring(goPath.lastIndexOf('.') + 1);
                    return Optional.of(new DecodeErrors.Explained(at.get(), "json: cannot unmarshal string into Go"
                            + " struct field " + field.struct() + "." + goPath + " of type int32", "`" + key
                            + "` takes a number (int32, no quotes), not a string"));
                }
            }
        }
        return Optional.empty();
    }

    /** The API path ({@code spec.ports[1].port}) of the first string at {@code parts[i..]} under {@code node}. */
    private static Optional<String> firstString(JsonNode node, String[] parts, int i, String path) {
        if (i == parts.length) {
            return node.isString() ? Optional.of(path) : Optional.empty();
        }
        String part = parts[i];
        boolean list = part.endsWith("[]");
        String name = list ? part.substring(0, part.length() - 2) : part;
        String here = path.isEmpty() ? name : path + "." + name;
        JsonNode child = node.path(name);
        if (!list) {
            return firstString(child, parts, i + 1, here);
        }
        for (int item = 0; child.isArray() && item < child.size(); item++) {
            Optional<String> found = firstString(child.get(item), parts, i + 1, here + "[" + item + "]");
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
