package dev.ingresslab.sandbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox API server's small parts: paths, selectors, table ages, protobuf bodies, write checks. */
class SandboxPartsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void apiPathsAreTakenApart() {
        ApiPath ingress = ApiPath.parse("/apis/networking.k8s.io/v1/namespaces/default/ingresses/web/status")
                .orElseThrow();
        assertThat(ingress.resource().kind()).isEqualTo("Ingress");
        assertThat(List.of(ingress.namespace(), ingress.name(), ingress.subresource()))
                .containsExactly("default", "web", "status");
        ApiPath namespace = ApiPath.parse("/api/v1/namespaces/lab").orElseThrow();
        assertThat(namespace.resource().kind()).isEqualTo("Namespace");
        assertThat(namespace.name()).isEqualTo("lab");
        assertThat(namespace.namespace()).isNull();
        ApiPath all = ApiPath.parse("/api/v1/services").orElseThrow();
        assertThat(all.namespace()).isNull();
        assertThat(all.name()).isNull();
        assertThat(ApiPath.parse("/apis/example.com/v1/widgets")).isEmpty();
        assertThat(ApiPath.parse("/api/v1/namespaces/default/services/a/b/c")).isEmpty();
        assertThat(ApiPath.parse("/version")).isEmpty();
    }

    @Test
    void selectorsTestFieldsAndLabels() throws Exception {
        JsonNode event = JSON.readTree("{\"metadata\":{\"name\":\"e\",\"labels\":{\"app\":\"web\"}},"
                + "\"involvedObject\":{\"kind\":\"Ingress\",\"uid\":\"u1\"}}");
        assertThat(Selectors.fields("involvedObject.kind=Ingress,involvedObject.uid==u1").test(event)).isTrue();
        assertThat(Selectors.fields("involvedObject.uid!=u1").test(event)).isFalse();
        assertThat(Selectors.fields(null).test(event)).isTrue();
        assertThat(Selectors.labels("app=web").test(event)).isTrue();
        assertThat(Selectors.labels("app!=web").test(event)).isFalse();
        assertThat(Selectors.labels("app,tier!=db").test(event)).isTrue();
        assertThat(Selectors.labels("tier").test(event)).isFalse();
        assertThatThrownBy(() -> Selectors.labels("app in (web,db)")).hasMessageContaining("equality label");
        assertThatThrownBy(() -> Selectors.fields("nonsense")).hasMessageContaining("invalid field selector");
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        List<String> ages = new ArrayList<>();
        for (long seconds : new long[]{5, 119, 200, 240, 1500, 4 * 3600 + 300, 30 * 3600, 3 * 86400 + 4 * 3600,
                20 * 86400}) {
            ages.add(ServerTables.age(now.minusSeconds(seconds).toString(), now));
        }
        assertThat(ages).containsExactly("5s", "119s", "3m20s", "4m", "25m", "4h5m", "30h", "3d4h", "20d");
        assertThat(ServerTables.age(null, now)).isEqualTo("<unknown>");
    }

    @Test
    void protobufSecretBodiesBecomeJson() throws Exception {
        byte[] metadata = message(out -> {
            out.writeString(1, "alpaca-tls");
            out.writeString(3, "lab");
            out.writeByteArray(11, message(entry -> {
                entry.writeString(1, "app");
                entry.writeString(2, "alpaca");
            }));
        });
        byte[] secret = message(out -> {
            out.writeByteArray(1, metadata);
            out.writeByteArray(2, message(entry -> {
                entry.writeString(1, "tls.crt");
                entry.writeBytes(2, ByteString.copyFromUtf8("CERT"));
            }));
            out.writeString(3, "kubernetes.io/tls");
        });
        byte[] envelope = message(out -> {
            out.writeByteArray(1, message(type -> {
                type.writeString(1, "v1");
                type.writeString(2, "Secret");
            }));
            out.writeByteArray(2, secret);
            out.writeString(4, "application/vnd.kubernetes.protobuf");
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[]{'k', '8', 's', 0});
        body.write(envelope);
        assertThat(ProtobufBodies.toJson(body.toByteArray()).toString()).isEqualTo("{\"apiVersion\":\"v1\","
                + "\"kind\":\"Secret\",\"metadata\":{\"name\":\"alpaca-tls\",\"namespace\":\"lab\",\"labels\":"
                + "{\"app\":\"alpaca\"}},\"data\":{\"tls.crt\":\"Q0VSVA==\"},\"type\":\"kubernetes.io/tls\"}");

        assertThatThrownBy(() -> ProtobufBodies.toJson("{\"kind\":\"Secret\"}".getBytes()))
                .hasMessageContaining("Kubernetes envelope");
        assertThatThrownBy(() -> ProtobufBodies.toJson(envelope("apps/v1", "ReplicaSet", new byte[0])))
                .hasMessage("kubectl sent a ReplicaSet in its binary form, which the sandbox cannot read for this"
                        + " kind");
    }

    @Test
    void protobufDeploymentBodiesBecomeJsonWithoutGosZeroValues() throws Exception {
        // what `kubectl create deployment alpaca --image=… --replicas=3 --port=8080` sends, with the empty and zero
        // fields Go's encoder writes (workingDir "", hostPort 0, an empty resources, a creationTimestamp)
        byte[] container = message(out -> {
            out.writeString(1, "kuard-amd64");
            out.writeString(2, "gcr.io/kuar-demo/kuard-amd64:blue");
            out.writeString(5, "");
            out.writeByteArray(6, message(port -> {
                port.writeString(1, "");
                port.writeInt32(2, 0);
                port.writeInt32(3, 8080);
            }));
            out.writeByteArray(8, new byte[0]);
            out.writeBool(16, false);
        });
        byte[] labels = message(entry -> {
            entry.writeString(1, "app");
            entry.writeString(2, "alpaca");
        });
        byte[] spec = message(out -> {
            out.writeInt32(1, 3);
            out.writeByteArray(2, message(selector -> selector.writeByteArray(1, labels)));
            out.writeByteArray(3, message(template -> {
                template.writeByteArray(1, message(meta -> {
                    meta.writeByteArray(8, new byte[0]);
                    meta.writeByteArray(11, labels);
                }));
                template.writeByteArray(2, message(podSpec -> podSpec.writeByteArray(2, container)));
            }));
            out.writeByteArray(4, message(strategy -> strategy.writeByteArray(2, message(rolling ->
                    rolling.writeByteArray(2, message(intOrString -> {
                        intOrString.writeInt64(1, 1);
                        intOrString.writeString(3, "25%");
                    }))))));
            out.writeInt32(5, 0);
        });
        byte[] deployment = message(out -> {
            out.writeByteArray(1, message(meta -> meta.writeString(1, "alpaca")));
            out.writeByteArray(2, spec);
            out.writeByteArray(3, message(status -> status.writeInt32(1, 7)));
        });
        assertThat(ProtobufBodies.toJson(envelope("apps/v1", "Deployment", deployment)).toString())
                .isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"alpaca\"},"
                        + "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"alpaca\"}},\"template\":"
                        + "{\"metadata\":{\"labels\":{\"app\":\"alpaca\"}},\"spec\":{\"containers\":[{\"name\":"
                        + "\"kuard-amd64\",\"image\":\"gcr.io/kuar-demo/kuard-amd64:blue\",\"ports\":[{\"containerPort\":"
                        + "8080}],\"resources\":{}}]}},\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\"}}}}");
        byte[] zero = message(out -> out.writeByteArray(2, message(s -> s.writeInt32(1, 0))));
        assertThat(ProtobufBodies.toJson(envelope("apps/v1", "Deployment", zero)).toString())
                .as("replicas is a pointer: 0 is a value").contains("\"replicas\":0");

        // a field the sandbox does not describe (a liveness probe, Container field 10) is refused, not dropped;
        // the same field empty is what Go writes for an unset one, and is skipped
        byte[] probe = message(out -> out.writeByteArray(2, message(s -> s.writeByteArray(3, message(t ->
                t.writeByteArray(2, message(p -> p.writeByteArray(2, message(c -> {
                    c.writeString(1, "web");
                    c.writeByteArray(10, message(probeField -> probeField.writeInt32(2, 5)));
                })))))))));
        assertThatThrownBy(() -> ProtobufBodies.toJson(envelope("apps/v1", "Deployment", probe)))
                .isInstanceOf(ProtobufBodies.UnreadableBody.class)
                .hasMessage("kubectl sent a setting the sandbox cannot read (field 10 of"
                        + " Deployment.spec.template.spec.containers)");
        byte[] emptyProbe = message(out -> out.writeByteArray(2, message(s -> s.writeByteArray(3, message(t ->
                t.writeByteArray(2, message(p -> p.writeByteArray(2, message(c -> c.writeByteArray(10,
                        new byte[0]))))))))));
        assertThat(ProtobufBodies.toJson(envelope("apps/v1", "Deployment", emptyProbe)).toString())
                .endsWith("\"spec\":{\"template\":{\"spec\":{\"containers\":[{}]}}}}");
    }

    @Test
    void protobufServiceAndIngressBodiesKeepTargetPortsAndInlineRules() throws Exception {
        byte[] service = message(out -> {
            out.writeByteArray(1, message(meta -> meta.writeString(1, "bandicoot")));
            out.writeByteArray(2, message(spec -> {
                spec.writeByteArray(1, message(port -> {
                    port.writeString(1, "http");
                    port.writeInt32(3, 80);
                    port.writeByteArray(4, message(target -> target.writeInt32(2, 8080)));
                }));
                spec.writeString(4, "ClusterIP");
            }));
        });
        assertThat(ProtobufBodies.toJson(envelope("v1", "Service", service)).path("spec").toString())
                .isEqualTo("{\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080}],\"type\":\"ClusterIP\"}");
        byte[] backend = message(b -> b.writeByteArray(4, message(svc -> {
            svc.writeString(1, "alpaca");
            svc.writeByteArray(2, message(port -> port.writeInt32(2, 8080)));
        })));
        byte[] ingress = message(out -> {
            out.writeByteArray(1, message(meta -> meta.writeString(1, "simple")));
            out.writeByteArray(2, message(spec -> spec.writeByteArray(3, message(rule -> {
                rule.writeString(1, "alpaca.example.com");
                rule.writeByteArray(2, message(value -> value.writeByteArray(1, message(http ->
                        http.writeByteArray(1, message(path -> {
                            path.writeString(1, "/");
                            path.writeByteArray(2, backend);
                            path.writeString(3, "Prefix");
                        }))))));
            }))));
        });
        assertThat(ProtobufBodies.toJson(envelope("networking.k8s.io/v1", "Ingress", ingress)).path("spec")
                .toString()).isEqualTo("{\"rules\":[{\"host\":\"alpaca.example.com\",\"http\":{\"paths\":[{\"path\":"
                        + "\"/\",\"backend\":{\"service\":{\"name\":\"alpaca\",\"port\":{\"number\":8080}}},"
                        + "\"pathType\":\"Prefix\"}]}}]}");
    }

    /** The Kubernetes protobuf envelope around an object's bytes. */
    private static byte[] envelope(String apiVersion, String kind, byte[] object) throws Exception {
        byte[] unknown = message(out -> {
            out.writeByteArray(1, message(type -> {
                type.writeString(1, apiVersion);
                type.writeString(2, kind);
            }));
            out.writeByteArray(2, object);
        });
        byte[] body = new byte[unknown.length + 4];
        System.arraycopy(new byte[]{'k', '8', 's', 0}, 0, body, 0, 4);
        System.arraycopy(unknown, 0, body, 4, unknown.length);
        return body;
    }

    @Test
    void writeChecksRefuseWhatTheApiServerRefuses() throws Exception {
        ApiPath ingresses = ApiPath.parse("/apis/networking.k8s.io/v1/namespaces/default/ingresses").orElseThrow();
        List<String> warnings = new ArrayList<>();
        assertThat(WriteChecks.check(ingresses, JSON.readTree("{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"Ingress\",\"metadata\":{\"name\":\"ok\"},\"spec\":{\"defaultBackend\":{\"service\":"
                + "{\"name\":\"a\",\"port\":{\"number\":80}}}}}"), "Strict", warnings)).isEmpty();
        var unknown = WriteChecks.check(ingresses, JSON.readTree("{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"Ingress\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"rulez\":[]}}"), "Strict", warnings);
        assertThat(unknown.orElseThrow().code()).isEqualTo(400);
        assertThat(unknown.orElseThrow().message()).startsWith("Ingress in version \"v1\" cannot be handled as a"
                + " Ingress: strict decoding error: unknown field \"spec.rulez\"\nhint: ");
        assertThat(WriteChecks.check(ingresses, JSON.readTree("{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"Ingress\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"rulez\":[],\"defaultBackend\":"
                + "{\"service\":{\"name\":\"a\",\"port\":{\"number\":80}}}}}"), "Warn", warnings)).isEmpty();
        assertThat(warnings).containsExactly("unknown field \"spec.rulez\"");
        var noName = WriteChecks.check(ingresses, JSON.readTree("{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"Ingress\",\"metadata\":{}}"), "Strict", warnings).orElseThrow();
        assertThat(noName.code()).isEqualTo(422);
        assertThat(noName.message()).contains("metadata.name: Required value: name or generateName is required");
        var wrongKind = WriteChecks.check(ingresses, JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Service\","
                + "\"metadata\":{\"name\":\"x\"}}"), "Strict", warnings).orElseThrow();
        assertThat(wrongKind.message()).contains("do not match the resource ingresses.networking.k8s.io");
        assertThat(WriteChecks.check(ingresses, JSON.readTree("[1]"), "Strict", warnings).orElseThrow().code())
                .isEqualTo(400);
    }

    private interface Writing {
        void write(CodedOutputStream out) throws Exception;
    }

    private static byte[] message(Writing writing) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writing.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
