package dev.ingresslab.sandbox;

import java.util.Map;

/**
 * The protobuf field numbers of the kinds whose binary bodies the sandbox reads, as {@code k8s.io/api}'s
 * {@code generated.proto} files give them ({@code core/v1}, {@code apps/v1}, {@code networking/v1}) and
 * {@code k8s.io/apimachinery}'s ({@code meta/v1} ObjectMeta and LabelSelector, {@code util/intstr} IntOrString,
 * {@code api/resource} Quantity). Each message lists the fields typed kubectl commands send ({@code create secret tls},
 * {@code create namespace}, {@code create configmap}, {@code create deployment}, {@code create service},
 * {@code create ingress}; {@code run} and {@code expose} send JSON) and the ones that may be set on such an object
 * without changing its meaning here; a field not listed makes {@link ProtobufBodies} refuse the body rather than
 * drop a setting the user asked for.
 */
final class ProtobufSchemas {

    /** How one field is read and written into JSON. */
    enum Type {
        STRING, BYTES, BOOL, INT32, INT64, STRINGS, STRING_MAP, BYTES_MAP,
        /** {@code map<string, Quantity>}: the quantity's text ({@code resources.limits}). */
        QUANTITY_MAP,
        /** {@code IntOrString}: a number or a text, as in JSON ({@code targetPort}, {@code maxSurge}). */
        INT_OR_STRING,
        MESSAGE,
        /** A repeated message: a JSON array of objects. */
        MESSAGES,
        /** A message whose fields JSON writes into the enclosing object ({@code IngressRule.ingressRuleValue}). */
        INLINE,
        /** Known and read past: output-only parts (status, creationTimestamp) the API server sets itself. */
        SKIP
    }

    /**
     * One field: its JSON name, how it is read, the fields of its message (for MESSAGE, MESSAGES, INLINE), and
     * whether a zero or empty value is kept (a pointer field in Go, such as {@code replicas: 0}); other zero values
     * are left out, as JSON's {@code omitempty} leaves them out.
     */
    record Field(String name, Type type, Map<Integer, Field> message, boolean keepZero) {
        static Field of(String name, Type type) {
            return new Field(name, type, null, false);
        }

        static Field message(String name, Map<Integer, Field> message) {
            return new Field(name, Type.MESSAGE, message, false);
        }

        static Field messages(String name, Map<Integer, Field> message) {
            return new Field(name, Type.MESSAGES, message, false);
        }

        static Field skip(String name) {
            return new Field(name, Type.SKIP, null, false);
        }
    }

    private static final Map<Integer, Field> OBJECT_META = Map.ofEntries(
            Map.entry(1, Field.of("name", Type.STRING)), Map.entry(2, Field.of("generateName", Type.STRING)),
            Map.entry(3, Field.of("namespace", Type.STRING)), Map.entry(4, Field.skip("selfLink")),
            Map.entry(5, Field.of("uid", Type.STRING)), Map.entry(6, Field.of("resourceVersion", Type.STRING)),
            Map.entry(7, Field.of("generation", Type.INT64)), Map.entry(8, Field.skip("creationTimestamp")),
            Map.entry(11, Field.of("labels", Type.STRING_MAP)), Map.entry(12, Field.of("annotations", Type.STRING_MAP)),
            Map.entry(14, Field.of("finalizers", Type.STRINGS)), Map.entry(17, Field.skip("managedFields")));

    private static final Field METADATA = Field.message("metadata", OBJECT_META);

    private static final Map<Integer, Field> LABEL_SELECTOR = Map.of(
            1, Field.of("matchLabels", Type.STRING_MAP),
            2, Field.messages("matchExpressions", Map.of(1, Field.of("key", Type.STRING),
                    2, Field.of("operator", Type.STRING), 3, Field.of("values", Type.STRINGS))));

    private static final Map<Integer, Field> CONTAINER = Map.ofEntries(
            Map.entry(1, Field.of("name", Type.STRING)), Map.entry(2, Field.of("image", Type.STRING)),
            Map.entry(3, Field.of("command", Type.STRINGS)), Map.entry(4, Field.of("args", Type.STRINGS)),
            Map.entry(5, Field.of("workingDir", Type.STRING)),
            Map.entry(6, Field.messages("ports", Map.of(1, Field.of("name", Type.STRING),
                    2, Field.of("hostPort", Type.INT32), 3, Field.of("containerPort", Type.INT32),
                    4, Field.of("protocol", Type.STRING), 5, Field.of("hostIP", Type.STRING)))),
            Map.entry(7, Field.messages("env", Map.of(1, Field.of("name", Type.STRING),
                    2, Field.of("value", Type.STRING)))),
            Map.entry(8, Field.message("resources", Map.of(1, Field.of("limits", Type.QUANTITY_MAP),
                    2, Field.of("requests", Type.QUANTITY_MAP)))),
            Map.entry(13, Field.of("terminationMessagePath", Type.STRING)),
            Map.entry(14, Field.of("imagePullPolicy", Type.STRING)),
            Map.entry(16, Field.of("stdin", Type.BOOL)), Map.entry(17, Field.of("stdinOnce", Type.BOOL)),
            Map.entry(18, Field.of("tty", Type.BOOL)),
            Map.entry(20, Field.of("terminationMessagePolicy", Type.STRING)));

    private static final Map<Integer, Field> POD_SPEC = Map.ofEntries(
            Map.entry(2, Field.messages("containers", CONTAINER)), Map.entry(3, Field.of("restartPolicy", Type.STRING)),
            Map.entry(4, new Field("terminationGracePeriodSeconds", Type.INT64, null, true)),
            Map.entry(6, Field.of("dnsPolicy", Type.STRING)), Map.entry(7, Field.of("nodeSelector", Type.STRING_MAP)),
            Map.entry(8, Field.of("serviceAccountName", Type.STRING)),
            Map.entry(10, Field.of("nodeName", Type.STRING)), Map.entry(16, Field.of("hostname", Type.STRING)),
            Map.entry(17, Field.of("subdomain", Type.STRING)), Map.entry(19, Field.of("schedulerName", Type.STRING)),
            Map.entry(20, Field.messages("initContainers", CONTAINER)),
            Map.entry(24, Field.of("priorityClassName", Type.STRING)));

    private static final Map<Integer, Field> POD_TEMPLATE = Map.of(1, METADATA, 2, Field.message("spec", POD_SPEC));

    private static final Map<Integer, Field> INGRESS_BACKEND = Map.of(
            4, Field.message("service", Map.of(1, Field.of("name", Type.STRING), 2, Field.message("port",
                    Map.of(1, Field.of("name", Type.STRING), 2, Field.of("number", Type.INT32))))),
            3, Field.message("resource", Map.of(1, Field.of("apiGroup", Type.STRING), 2, Field.of("kind", Type.STRING),
                    3, Field.of("name", Type.STRING))));

    private static final Map<Integer, Field> INGRESS_SPEC = Map.of(
            4, Field.of("ingressClassName", Type.STRING),
            1, Field.message("defaultBackend", INGRESS_BACKEND),
            2, Field.messages("tls", Map.of(1, Field.of("hosts", Type.STRINGS), 2, Field.of("secretName", Type.STRING))),
            3, Field.messages("rules", Map.of(1, Field.of("host", Type.STRING), 2, new Field("ingressRuleValue",
                    Type.INLINE, Map.of(1, Field.message("http", Map.of(1, Field.messages("paths", Map.of(
                            1, Field.of("path", Type.STRING), 3, Field.of("pathType", Type.STRING),
                            2, Field.message("backend", INGRESS_BACKEND)))))), false))));

    private static final Map<Integer, Field> SERVICE_SPEC = Map.ofEntries(
            Map.entry(1, Field.messages("ports", Map.of(1, Field.of("name", Type.STRING),
                    2, Field.of("protocol", Type.STRING), 6, Field.of("appProtocol", Type.STRING),
                    3, Field.of("port", Type.INT32), 4, Field.of("targetPort", Type.INT_OR_STRING),
                    5, Field.of("nodePort", Type.INT32)))),
            Map.entry(2, Field.of("selector", Type.STRING_MAP)), Map.entry(3, Field.of("clusterIP", Type.STRING)),
            Map.entry(18, Field.of("clusterIPs", Type.STRINGS)), Map.entry(4, Field.of("type", Type.STRING)),
            Map.entry(5, Field.of("externalIPs", Type.STRINGS)), Map.entry(7, Field.of("sessionAffinity", Type.STRING)),
            Map.entry(10, Field.of("externalName", Type.STRING)),
            Map.entry(11, Field.of("externalTrafficPolicy", Type.STRING)),
            Map.entry(13, Field.of("publishNotReadyAddresses", Type.BOOL)),
            Map.entry(17, Field.of("ipFamilyPolicy", Type.STRING)), Map.entry(19, Field.of("ipFamilies", Type.STRINGS)),
            Map.entry(22, Field.of("internalTrafficPolicy", Type.STRING)));

    private static final Map<Integer, Field> DEPLOYMENT_SPEC = Map.of(
            1, new Field("replicas", Type.INT32, null, true), 2, Field.message("selector", LABEL_SELECTOR),
            3, Field.message("template", POD_TEMPLATE),
            4, Field.message("strategy", Map.of(1, Field.of("type", Type.STRING), 2, Field.message("rollingUpdate",
                    Map.of(1, Field.of("maxUnavailable", Type.INT_OR_STRING), 2, Field.of("maxSurge",
                            Type.INT_OR_STRING))))),
            5, Field.of("minReadySeconds", Type.INT32), 6, new Field("revisionHistoryLimit", Type.INT32, null, true),
            7, Field.of("paused", Type.BOOL), 9, new Field("progressDeadlineSeconds", Type.INT32, null, true));

    /** {@code authorization/v1}: what {@code kubectl auth can-i} asks. */
    private static final Map<Integer, Field> ACCESS_REVIEW_SPEC = Map.of(
            1, Field.message("resourceAttributes", Map.of(1, Field.of("namespace", Type.STRING),
                    2, Field.of("verb", Type.STRING), 3, Field.of("group", Type.STRING),
                    4, Field.of("version", Type.STRING), 5, Field.of("resource", Type.STRING),
                    6, Field.of("subresource", Type.STRING), 7, Field.of("name", Type.STRING))),
            2, Field.message("nonResourceAttributes", Map.of(1, Field.of("path", Type.STRING),
                    2, Field.of("verb", Type.STRING))));

    /** The top-level message of each kind read, by {@code apiVersion kind}. */
    static final Map<String, Map<Integer, Field>> KINDS = Map.of(
            "authorization.k8s.io/v1 SelfSubjectAccessReview", Map.of(1, METADATA,
                    2, Field.message("spec", ACCESS_REVIEW_SPEC), 3, Field.skip("status")),
            "authorization.k8s.io/v1 SelfSubjectRulesReview", Map.of(1, METADATA,
                    2, Field.message("spec", Map.of(1, Field.of("namespace", Type.STRING))), 3, Field.skip("status")),
            "v1 Secret", Map.of(1, METADATA, 2, Field.of("data", Type.BYTES_MAP), 3, Field.of("type", Type.STRING),
                    4, Field.of("stringData", Type.STRING_MAP), 5, Field.of("immutable", Type.BOOL)),
            "v1 ConfigMap", Map.of(1, METADATA, 2, Field.of("data", Type.STRING_MAP),
                    3, Field.of("binaryData", Type.BYTES_MAP), 4, Field.of("immutable", Type.BOOL)),
            "v1 Namespace", Map.of(1, METADATA, 2, Field.message("spec", Map.of(1, Field.of("finalizers",
                    Type.STRINGS))), 3, Field.skip("status")),
            "v1 Pod", Map.of(1, METADATA, 2, Field.message("spec", POD_SPEC), 3, Field.skip("status")),
            "v1 Service", Map.of(1, METADATA, 2, Field.message("spec", SERVICE_SPEC), 3, Field.skip("status")),
            "apps/v1 Deployment", Map.of(1, METADATA, 2, Field.message("spec", DEPLOYMENT_SPEC),
                    3, Field.skip("status")),
            "networking.k8s.io/v1 Ingress", Map.of(1, METADATA, 2, Field.message("spec", INGRESS_SPEC),
                    3, Field.skip("status")));

    private ProtobufSchemas() {
    }
}
