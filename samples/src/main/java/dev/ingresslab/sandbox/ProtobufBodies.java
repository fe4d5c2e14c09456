package dev.ingresslab.sandbox;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the protobuf bodies kubectl's typed commands send ({@code kubectl create secret tls}, {@code create
 * namespace}, {@code create configmap}) into the JSON the rest of the sandbox handles. The envelope is Kubernetes'
 * ({@code k8s\0}, then a {@code runtime.Unknown} holding the type and the object's bytes); the objects follow the
 * field numbers of {@code k8s.io/api/core/v1/generated.proto}. Only the kinds below are described; any other kind is
 * refused with a clear answer rather than guessed at.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** How one field is read. */
    private enum Type { STRING, BYTES, BOOL, INT64, STRING_MAP, BYTES_MAP, STRINGS, MESSAGE, SKIP }

    private record Field(String name, Type type, Map<Integer, Field> message) {
        static Field of(String name, Type type) {
            return new Field(name, type, null);
        }
    }

    private static final Map<Integer, Field> OBJECT_META = Map.ofEntries(
            Map.entry(1, Field.of("name", Type.STRING)), Map.entry(2, Field.of("generateName", Type.STRING)),
            Map.entry(3, Field.of("namespace", Type.STRING)), Map.entry(5, Field.of("uid", Type.STRING)),
            Map.entry(6, Field.of("resourceVersion", Type.STRING)), Map.entry(7, Field.of("generation", Type.INT64)),
            Map.entry(11, Field.of("labels", Type.STRING_MAP)), Map.entry(12, Field.of("annotations", Type.STRING_MAP)),
            Map.entry(14, Field.of("finalizers", Type.STRINGS)));

    private static final Field METADATA = new Field("metadata", Type.MESSAGE, OBJECT_META);

    private static final Map<String, Map<Integer, Field>> KINDS = Map.of(
            "v1 Secret", Map.of(1, METADATA, 2, Field.of("data", Type.BYTES_MAP), 3, Field.of("type", Type.STRING),
                    4, Field.of("stringData", Type.STRING_MAP), 5, Field.of("immutable", Type.BOOL)),
            "v1 ConfigMap", Map.of(1, METADATA, 2, Field.of("data", Type.STRING_MAP),
                    3, Field.of("binaryData", Type.BYTES_MAP), 4, Field.of("immutable", Type.BOOL)),
            "v1 Namespace", Map.of(1, METADATA, 2, new Field("spec", Type.MESSAGE,
                    Map.of(1, Field.of("finalizers", Type.STRINGS))), 3, Field.of("status", Type.SKIP)));

    /** A body that cannot be read: the message says why, for a 415 or 400 answer. */
    static final class UnreadableBody extends Exception {
        final boolean unsupportedKind;

        UnreadableBody(String message, boolean unsupportedKind) {
            super(message);
            this.unsupportedKind = unsupportedKind;
        }
    }

    private ProtobufBodies() {
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }

    /** The object a protobuf body holds, as JSON with its apiVersion and kind. */
    static ObjectNode toJson(byte[] body) throws UnreadableBody {
        if (body.length < MAGIC.length || !java.util.Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new UnreadableBody("the protobuf body does not start with the Kubernetes envelope (k8s\\0)", false);
        }
        try {
            CodedInputStream envelope = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
            String apiVersion = "";
            String kind = "";
            byte[] raw = new byte[0];
            for (int tag = envelope.readTag(); tag != 0; tag = envelope.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> {
                        CodedInputStream typeMeta = envelope.readBytes().newCodedInput();
                        for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case 1 -> apiVersion = typeMeta.readString();
                                case 2 -> kind = typeMeta.readString();
                                default -> typeMeta.skipField(t);
                            }
                        }
                    }
                    case 2 -> raw = envelope.readByteArray();
                    default -> envelope.skipField(tag);
                }
            }
            Map<Integer, Field> schema = KINDS.get(apiVersion + " " + kind);
            if (schema == null) {
                throw new UnreadableBody("the sandbox reads protobuf bodies of Secret, ConfigMap and Namespace only,"
                        + " not " + (kind.isEmpty() ? "this one" : apiVersion + " " + kind), true);
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            readMessage(CodedInputStream.newInstance(raw), schema, object);
            return object;
        } catch (IOException e) {
            throw new UnreadableBody("the protobuf body cannot be read: " + e.getMessage(), false);
        }
    }

    private static void readMessage(CodedInputStream in, Map<Integer, Field> schema, ObjectNode into)
            throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            Field field = schema.get(WireFormat.getTagFieldNumber(tag));
            if (field == null || field.type() == Type.SKIP) {
                in.skipField(tag);
                continue;
            }
            switch (field.type()) {
                case STRING -> into.put(field.name(), in.readString());
                case BOOL -> into.put(field.name(), in.readBool());
                case INT64 -> into.put(field.name(), in.readInt64());
                case BYTES -> into.put(field.name(), Base64.getEncoder().encodeToString(in.readByteArray()));
                case STRINGS -> (into.has(field.name()) ? (tools.jackson.databind.node.ArrayNode) into.get(field.name())
                        : into.putArray(field.name())).add(in.readString());
                case STRING_MAP, BYTES_MAP -> readMapEntry(in.readBytes().newCodedInput(),
                        field.type() == Type.BYTES_MAP, into.has(field.name()) ? (ObjectNode) into.get(field.name())
                                : into.putObject(field.name()));
                case MESSAGE -> readMessage(in.readBytes().newCodedInput(), field.message(),
                        into.has(field.name()) ? (ObjectNode) into.get(field.name()) : into.putObject(field.name()));
                default -> in.skipField(tag);
            }
        }
    }

    /** One entry of a protobuf map: key 1, value 2. Bytes values become base64, as in JSON. */
    private static void readMapEntry(CodedInputStream in, boolean bytes, ObjectNode into) throws IOException {
        String key = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readString();
                case 2 -> value = bytes ? Base64.getEncoder().encodeToString(in.readByteArray()) : in.readString();
                default -> in.skipField(tag);
            }
        }
        into.put(key, value);
    }
}
