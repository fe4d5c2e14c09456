package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An int32 given as a string is refused as the API server's decoder refuses it, on the JSON kubectl sends (the
 * sandbox's input) as on YAML files (lint and explain, see the corpus); {@code targetPort} (IntOrString) takes either.
 */
class QuotedIntegersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aQuotedPortNumberInTheJsonKubectlSendsIsRefusedWithTheDecodersWords() {
        JsonNode ingress = JSON.readTree("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"demo"},"spec":{"rules":[
                {"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"a","port":{"number":80}}}},
                {"path":"/x","pathType":"Prefix","backend":{"service":{"name":"b","port":{"number":"80"}}}}]}}]}}""");

        ApiServerChecks.Decoded<Ingress> decoded = ApiServerChecks.decode(ingress, Ingress.class,
                "networking.k8s.io/v1", "Ingress");

        assertThat(decoded.object()).isNull();
        assertThat(decoded.refusal().field()).isEqualTo("spec.rules[0].http.paths[1].backend.service.port.number");
        assertThat(decoded.refusal().message()).isEqualTo("Ingress in version \"v1\" cannot be handled as a Ingress:"
                + " json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.rules.http.paths"
                + ".backend.service.port.number of type int32");
        assertThat(decoded.refusal().hint()).contains("no quotes");
    }

    @Test
    void serviceSiblingsAreRefusedAndTargetPortTakesAStringOrANumber() {
        String service = """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{%s"ports":[
                {"port":8080,"targetPort":"8080"},{"port":%s,"targetPort":"http"%s}]}}""";
        assertThat(decode(service.formatted("", "9090", "")).refusal()).isNull();
        assertThat(decode(service.formatted("", "\"9090\"", "")).refusal().field()).isEqualTo("spec.ports[1].port");
        assertThat(decode(service.formatted("", "9090", ",\"nodePort\":\"30080\"")).refusal().message())
                .endsWith("Go struct field ServicePort.spec.ports.nodePort of type int32");
        assertThat(decode(service.formatted("\"healthCheckNodePort\":\"30000\",", "9090", "")).refusal().field())
                .isEqualTo("spec.healthCheckNodePort");
        assertThat(decode(service.formatted("\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":\"60\"}},",
                "9090", "")).refusal().message()).endsWith("ClientIPConfig.spec.sessionAffinityConfig.clientIP"
                + ".timeoutSeconds of type int32");
    }

    private static ApiServerChecks.Decoded<Service> decode(String json) {
        return ApiServerChecks.decode(JSON.readTree(json), Service.class, "v1", "Service");
    }
}
