package dev.ingresslab.core;

import dev.ingresslab.manifest.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Makes an {@link IngressYaml}: the document of a manifest file, or the object a cluster holds (Ingress, HTTPRoute). */
final class IngressDocuments {

    /** As kubectl shows YAML: quotes only where a plain scalar would read as another type, no {@code ---}. */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private IngressDocuments() {
    }

    /**
     * The YAML document that starts at {@code location} (the line of its first field, as {@link
     * dev.ingresslab.manifest.ManifestLoader} records it), up to the next {@code ---} or the end of the file. A file
     * that cannot be read now (deleted since it was loaded) gives a one-line text saying so.
     */
    static IngressYaml fromFile(String namespace, String name, SourceLocation location) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(location.file()));
        } catch (IOException | RuntimeException e) {
            return new IngressYaml(namespace, name, "# " + location.file() + " cannot be read now: " + e.getMessage(),
                    Optional.of(location));
        }
        int first = Math.max(1, location.line());
        StringBuilder text = new StringBuilder();
        for (int i = first - 1; i < lines.size(); i++) {
            if (i > first - 1 && lines.get(i).startsWith("---")) {
                break;
            }
            text.append(lines.get(i)).append('\n');
        }
        return new IngressYaml(namespace, name, text.toString(), Optional.of(new SourceLocation(location.file(),
                first)));
    }

    /**
     * The object (an Ingress, an HTTPRoute, a Gateway) as the API server returns it, without {@code managedFields}
     * and the {@code last-applied} annotation (they repeat the rest), as YAML.
     */
    static IngressYaml fromCluster(KubernetesClient client, HasMetadata object) {
        String yaml = YAML.writeValueAsString(client.getKubernetesSerialization().convertValue(shown(object),
                tools.jackson.databind.JsonNode.class));
        return new IngressYaml(object.getMetadata().getNamespace(), object.getMetadata().getName(), yaml,
                Optional.empty());
    }

    /**
     * A copy of the object without {@code managedFields} and the {@code last-applied} annotation, which repeat the
     * rest: what is shown of an object a cluster holds (an object from files has neither, and comes back equal).
     */
    static <T extends HasMetadata> T shown(T object) {
        T shown = SERIALIZATION.clone(object);
        ObjectMeta metadata = shown.getMetadata();
        metadata.setManagedFields(null);
        Map<String, String> annotations = metadata.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            Map<String, String> kept = new HashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            metadata.setAnnotations(kept.isEmpty() ? null : kept);
        }
        return shown;
    }
}
