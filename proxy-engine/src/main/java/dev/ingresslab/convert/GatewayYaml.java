package dev.ingresslab.convert;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.List;

/**
 * Writes converted objects as {@code kubectl apply -f} reads them: YAML documents separated by {@code ---}, or one
 * JSON {@code v1 List}. The objects go through fabric8's serialization (its field names and omissions), then
 * Jackson's YAML writer, quoting only where a plain scalar would read as another type, as kubectl prints YAML.
 */
public final class GatewayYaml {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GatewayYaml() {
    }

    /** The objects as YAML documents, each after a {@code ---} line. */
    public static String yaml(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            out.append("---\n").append(YAML.writeValueAsString(tree(object)));
        }
        return out.toString();
    }

    /** The objects as one indented JSON {@code v1 List}, and a line end. */
    public static String json(List<? extends HasMetadata> objects) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        var items = list.putArray("items");
        objects.forEach(object -> items.add(tree(object)));
        return JSON.writeValueAsString(list) + "\n";
    }

    private static JsonNode tree(HasMetadata object) {
        return SERIALIZATION.convertValue(object, JsonNode.class);
    }
}
