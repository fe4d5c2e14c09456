package dev.ingresslab.sandbox;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.ingresslab.sandbox.ProtobufSchemas.Field;
import dev.ingresslab.sandbox.ProtobufSchemas.Type;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the protobuf bodies kubectl's typed commands send ({@code kubectl create deployment}, {@code create secret
 * tls}, {@code create service}, {@code create ingress}, …) into the JSON the rest of the sandbox handles. The
 * envelope is Kubernetes' ({@code k8s\0}, then a {@code runtime.Unknown}: field 1 its TypeMeta, field 2 the object's
 * bytes; {@code k8s.io/apimachinery/pkg/runtime/generated.proto}); the objects follow the field numbers in
 * {@link ProtobufSchemas}. Zero and empty values are left out, as JSON's {@code omitempty} leaves them out (Go's
 * protobuf encoder writes them). A kind or a field that is not described is refused with a plain answer rather
 * than guessed at or dropped.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** A body that cannot be read: the message says why, for a 415 (unsupportedKind) or a 400 answer. */
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

    /**
     * The object a protobuf body holds, as JSON with its apiVersion and kind.
     *
     * @throws UnreadableBody when the body is not a Kubernetes envelope or cannot be parsed (unsupportedKind
     *                        false), or holds a kind or a field the sandbox does not read (unsupportedKind true)
     */
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
            Map<Integer, Field> schema = ProtobufSchemas.KINDS.get(apiVersion + " " + kind);
            if (schema == null) {
                throw new UnreadableBody("kubectl sent " + (kind.isEmpty() ? "an object" : "a " + kind)
                        + " in its binary form, which the sandbox cannot read for this kind", true);
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            readMessage(CodedInputStream.newInstance(raw), schema, object, kind);
            return object;
        } catch (IOException e) {
            throw new UnreadableBody("the protobuf body cannot be read: " + e.getMessage(), false);
        }
    }

    private static void readMessage(CodedInputStream in, Map<Integer, Field> schema, ObjectNode into, String where)
            throws IOException, UnreadableBody {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int number = WireFormat.getTagFieldNumber(tag);
            Field field = schema.get(number);
            if (field == null) {
                refuseIfSet(in, tag, where, number);
                continue;
            }
            String name = field.name();
            String path = where + "." + name;
            switch (field.type()) {
                case SKIP -> in.skipField(tag);
                case STRING -> put(into, field, in.readString());
                case BOOL -> {
                    boolean value = in.readBool();
                    if (value || field.keepZero()) {
                        into.put(name, value);
                    }
                }
                case INT32, INT64 -> {
                    long value = field.type() == Type.INT32 ? in.readInt32() : in.readInt64();
                    if (value != 0 || field.keepZero()) {
                        into.put(name, value);
                    }
                }
                case BYTES -> into.put(name, Base64.getEncoder().encodeToString(in.readByteArray()));
                case STRINGS -> array(into, name).add(in.readString());
                case STRING_MAP, BYTES_MAP, QUANTITY_MAP -> readMapEntry(in.readBytes().newCodedInput(), field.type(),
                        object(into, name));
                case INT_OR_STRING -> readIntOrString(in.readBytes().newCodedInput(), into, name);
                case MESSAGE -> readMessage(in.readBytes().newCodedInput(), field.message(), object(into, name),
                        path);
                case MESSAGES -> {
                    ObjectNode element = array(into, name).addObject();
                    readMessage(in.readBytes().newCodedInput(), field.message(), element, path);
                }
                case INLINE -> readMessage(in.readBytes().newCodedInput(), field.message(), into, where);
            }
        }
    }

    /**
     * A field the schema does not list: Go's encoder writes every field of a message, so an empty one is normal and
     * skipped; a field with a value is a setting the user asked for, and dropping it would store another object.
     */
    private static void refuseIfSet(CodedInputStream in, int tag, String where, int number)
            throws IOException, UnreadableBody {
        boolean set = switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64() != 0;
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes().size() > 0;
            default -> {
                in.skipField(tag);
                yield true;
            }
        };
        if (set) {
            throw new UnreadableBody("kubectl sent a setting the sandbox cannot read (field " + number + " of "
                    + where + ")", true);
        }
    }

    private static void put(ObjectNode into, Field field, String value) {
        if (!value.isEmpty() || field.keepZero()) {
            into.put(field.name(), value);
        }
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    private static ArrayNode array(ObjectNode parent, String name) {
        return parent.get(name) instanceof ArrayNode existing ? existing : parent.putArray(name);
    }

    /** One entry of a protobuf map: key 1, value 2. Bytes become base64 and a Quantity its text, as in JSON. */
    private static void readMapEntry(CodedInputStream in, Type type, ObjectNode into) throws IOException {
        String key = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readString();
                case 2 -> value = switch (type) {
                    case BYTES_MAP -> Base64.getEncoder().encodeToString(in.readByteArray());
                    case QUANTITY_MAP -> quantity(in.readBytes().newCodedInput());
                    default -> in.readString();
                };
                default -> in.skipField(tag);
            }
        }
        into.put(key, value);
    }

    /** {@code resource.Quantity}: its one field (1) is the text, such as {@code 250m} or {@code 64Mi}. */
    private static String quantity(CodedInputStream in) throws IOException {
        String text = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                text = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return text;
    }

    /** {@code intstr.IntOrString}: type 1 (0 a number, 1 a text), intVal 2, strVal 3. */
    private static void readIntOrString(CodedInputStream in, ObjectNode into, String name) throws IOException {
        long type = 0;
        int number = 0;
        String text = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> type = in.readInt64();
                case 2 -> number = in.readInt32();
                case 3 -> text = in.readString();
                default -> in.skipField(tag);
            }
        }
        if (type == 1) {
            into.put(name, text);
        } else {
            into.put(name, number);
        }
    }
}
