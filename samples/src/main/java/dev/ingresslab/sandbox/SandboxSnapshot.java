package dev.ingresslab.sandbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the sandbox holds that a real cluster would still hold after a restart (as minikube's etcd does across
 * {@code minikube stop} and {@code start}): every object the user or the controller wrote, with its metadata
 * (uid, creationTimestamp, resourceVersion) as stored. Left out, because the sandbox makes them again: the
 * simulated Pods and the EndpointSlices and Endpoints that follow them (labelled {@value
 * SimulatedWorkloads#SANDBOX_LABEL}), which the Deployments re-create; Events, which describe the run that made
 * them; Leases, which name a controller that is gone (the next one would wait for it to expire).
 *
 * <p>On disk it is a {@code v1 List} in JSON, as {@code kubectl get -o json} prints one, sorted by kind, namespace
 * and name so that two snapshots of the same objects are the same bytes.
 *
 * @param objects the objects, in that order
 */
public record SandboxSnapshot(List<JsonNode> objects) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Set<String> NOT_KEPT_KINDS = Set.of("Event", "Lease");
    /** The namespaces every sandbox starts with: not something the user made, so not counted in summaries. */
    private static final Set<String> BUILT_IN_NAMESPACES = Set.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    public SandboxSnapshot {
        objects = List.copyOf(objects);
    }

    /** A snapshot file that cannot be used, and why (the file's first error, or what is missing). */
    public static final class UnreadableSnapshotException extends Exception {
        public UnreadableSnapshotException(String message) {
            super(message);
        }
    }

    /**
     * What the objects are, without what the sandbox gives every object anew ({@code metadata.uid},
     * {@code creationTimestamp}, {@code resourceVersion}, {@code generation}, {@code managedFields}, the
     * {@code deployment.kubernetes.io/revision} annotation) and without {@code status} (the simulation and the
     * controller write it): two snapshots with the same content fingerprint hold the same objects as far as the
     * user is concerned. A SHA-256, in hex.
     */
    public String contentFingerprint() {
        ArrayNode content = JSON.createArrayNode();
        for (JsonNode object : objects) {
            if (!(object.deepCopy() instanceof ObjectNode copy)) {
                content.add(object);
                continue;
            }
            copy.remove("status");
            if (copy.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove(List.of("uid", "creationTimestamp", "resourceVersion", "generation",
                        "managedFields"));
                if (metadata.get("annotations") instanceof ObjectNode annotations) {
                    annotations.remove("deployment.kubernetes.io/revision");
                    if (annotations.isEmpty()) {
                        metadata.remove("annotations");
                    }
                }
            }
            content.add(copy);
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(content));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The objects of a store, as its JSON texts, minus those the sandbox makes again itself. */
    static SandboxSnapshot of(Collection<String> storedObjects) {
        List<JsonNode> kept = new ArrayList<>();
        for (String text : storedObjects) {
            JsonNode object = JSON.readTree(text);
            if (kept(object)) {
                kept.add(object);
            }
        }
        kept.sort(ORDER);
        return new SandboxSnapshot(kept);
    }

    private static final Comparator<JsonNode> ORDER = Comparator
            .comparing((JsonNode object) -> !object.path("kind").asString("").equals("Namespace"))
            .thenComparing(object -> object.path("kind").asString(""))
            .thenComparing(object -> object.path("metadata").path("namespace").asString(""))
            .thenComparing(object -> object.path("metadata").path("name").asString(""));

    static boolean kept(JsonNode object) {
        return !NOT_KEPT_KINDS.contains(object.path("kind").asString(""))
                && !object.path("metadata").path("labels").path(SimulatedWorkloads.SANDBOX_LABEL).asString("")
                        .equals("true");
    }

    /** The file's bytes. */
    public byte[] toJson() {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        return JSON.writeValueAsBytes(list);
    }

    /**
     * Reads a snapshot file's bytes, UTF-8 as JSON must be (RFC 8259 section 8.1; a parser left to guess reads
     * other bytes as UTF-16 and quotes garbage). Each item is kept as it is, even one that is not an object: which
     * items can be restored is for {@link ObjectStore#restore} to decide, one by one, so one bad item costs only
     * itself.
     *
     * @throws UnreadableSnapshotException when they are not UTF-8 JSON text, or not a {@code List} ({@code items})
     */
    public static SandboxSnapshot parse(byte[] bytes) throws UnreadableSnapshotException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableSnapshotException("it is not text (not UTF-8: " + firstBadByte(bytes) + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new UnreadableSnapshotException("it is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("items").isArray()) {
            throw new UnreadableSnapshotException("it is not a List of objects (no \"items\")");
        }
        List<JsonNode> objects = new ArrayList<>();
        root.path("items").forEach(objects::add);
        return new SandboxSnapshot(objects);
    }

    /** {@code byte 0xff at offset 1}: the first byte that is not part of valid UTF-8. */
    private static String firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? String.format("byte 0x%02x at offset %d", bytes[in.position()] & 0xff,
                in.position()) : "an incomplete character at the end";
    }

    /**
     * How many objects of each kind the user has here, for one line: {@code 3 Deployments, 1 Ingress, 3
     * Services}; the namespaces every sandbox starts with are not counted. {@code no objects} when there are none.
     */
    public String summary() {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asString("");
            if (kind.equals("Namespace")
                    && BUILT_IN_NAMESPACES.contains(object.path("metadata").path("name").asString(""))) {
                continue;
            }
            counts.merge(kind, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "no objects";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, count) -> parts.add(count + " " + (count == 1 ? kind : plural(kind))));
        return String.join(", ", parts);
    }

    /** English plural of a kind, as the API's resource names form them (Ingress → Ingresses, Endpoints stays). */
    static String plural(String kind) {
        if (kind.endsWith("ss")) {
            return kind + "es";
        }
        if (kind.endsWith("s")) {
            return kind;
        }
        if (kind.endsWith("y") && !kind.endsWith("ay") && !kind.endsWith("ey")) {
            return kind.substring(0, kind.length() - 1) + "ies";
        }
        return kind + "s";
    }

    /** {@code Ingress default/host-ingress}, or {@code Namespace team-a}: how messages name one object. */
    static String describe(JsonNode object) {
        if (!object.isObject()) {
            String text = object.toString();
            return text.length() > 40 ? text.substring(0, 37) + "..." : text;
        }
        String namespace = object.path("metadata").path("namespace").asString("");
        return object.path("kind").asString("?") + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + object.path("metadata").path("name").asString("?");
    }
}
