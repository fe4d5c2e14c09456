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
        byte[] deployment = message(out -> out.writeByteArray(1, message(type -> {
            type.writeString(1, "apps/v1");
            type.writeString(2, "Deployment");
        })));
        byte[] withMagic = new byte[deployment.length + 4];
        System.arraycopy(new byte[]{'k', '8', 's', 0}, 0, withMagic, 0, 4);
        System.arraycopy(deployment, 0, withMagic, 4, deployment.length);
        assertThatThrownBy(() -> ProtobufBodies.toJson(withMagic)).hasMessageContaining("not apps/v1 Deployment");
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
