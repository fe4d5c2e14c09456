package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The workload simulation's small parts: names, addresses, defaults, and how tables print pods, nodes and events. */
class SandboxWorkloadPartsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void templateHashesAreStableUnwordableAndFollowTheTemplate() {
        PodTemplateSpec one = template(Map.of("app", "alpaca", "tier", "web"), "kuard:blue");
        PodTemplateSpec sameInOtherOrder = new PodTemplateSpecBuilder(template(Map.of(), "kuard:blue"))
                .editMetadata().withLabels(new java.util.LinkedHashMap<>(Map.of("tier", "web")))
                .addToLabels("app", "alpaca").endMetadata().build();
        String hash = PodNames.templateHash(one);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(PodNames.templateHash(sameInOtherOrder)).isEqualTo(hash);
        assertThat(PodNames.templateHash(template(Map.of("app", "alpaca", "tier", "web"), "kuard:green")))
                .as("a changed template is a new ReplicaSet").isNotEqualTo(hash);
        assertThat(PodNames.randomSuffix()).matches("[bcdfghjklmnpqrstvwxz2456789]{5}");
    }

    @Test
    void clusterIpsComeFromTheServiceCidrAndAreNotReused() throws Exception {
        Set<String> inUse = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String ip = ClusterIps.allocate(inUse);
            assertThat(ip).matches("10\\.(9[6-9]|10\\d|11[01])\\.\\d{1,3}\\.\\d{1,3}").isNotEqualTo("10.96.0.1");
            assertThat(inUse.add(ip)).as("unique").isTrue();
        }
        assertThat(ClusterIps.needsOne(JSON.readTree("{\"spec\":{\"type\":\"ExternalName\"}}"))).isFalse();
        assertThat(ClusterIps.needsOne(JSON.readTree("{\"spec\":{\"clusterIP\":\"None\"}}"))).as("headless").isFalse();
        assertThat(ClusterIps.needsOne(JSON.readTree("{\"spec\":{\"ports\":[]}}"))).isTrue();
    }

    @Test
    void createDefaultsFillWhatIsMissingAndKeepWhatWasGiven() throws Exception {
        JsonNode deployment = JSON.readTree("""
                {"spec":{"replicas":0,"strategy":{"type":"Recreate"},"template":{"spec":{"containers":[
                  {"name":"a","image":"kuard"},
                  {"name":"b","image":"kuard:blue","imagePullPolicy":"Never","ports":[{"containerPort":80}]}]}}}}
                """);
        WorkloadDefaults.onCreate(deployment, "Deployment");
        JsonNode spec = deployment.path("spec");
        assertThat(spec.path("replicas").asInt()).as("given").isZero();
        assertThat(spec.path("strategy").toString()).as("given, and Recreate has no rollingUpdate")
                .isEqualTo("{\"type\":\"Recreate\"}");
        assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        JsonNode containers = spec.path("template").path("spec").path("containers");
        assertThat(containers.get(0).path("imagePullPolicy").asString()).as("no tag: latest").isEqualTo("Always");
        assertThat(containers.get(1).path("imagePullPolicy").asString()).isEqualTo("Never");
        assertThat(containers.get(1).path("ports").get(0).path("protocol").asString()).isEqualTo("TCP");
        assertThat(spec.path("template").path("spec").path("restartPolicy").asString()).isEqualTo("Always");
    }

    @Test
    void podStatusColumnFollowsKubectlsPrintPod() throws Exception {
        Instant now = Instant.parse("2026-11-29T19:00:00Z");
        JsonNode pending = pod(PodStatuses.pending(now), null);
        JsonNode running = pod(PodStatuses.running(new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .addNewContainer().withName("web").withImage("kuard").endContainer().build(), now, now), null);
        JsonNode terminating = pod(PodStatuses.running(null, now, now), "2026-11-29T19:00:30Z");
        JsonNode creating = JSON.readTree("{\"metadata\":{\"name\":\"p\"},\"status\":{\"phase\":\"Pending\","
                + "\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":\"ContainerCreating\"}}}]}}");
        Map<String, Object> table = ServerTables.of("Pod", List.of(pending, running, terminating, creating), now);
        assertThat(cells(table, 2)).containsExactly("Pending", "Running", "Terminating", "ContainerCreating");
        assertThat(cells(table, 1)).containsExactly("0/0", "1/1", "0/0", "0/0");
        JsonNode runningStatus = running.path("status");
        assertThat(runningStatus.path("containerStatuses").get(0).path("state").has("running")).isTrue();
        assertThat(runningStatus.path("conditions").findValuesAsString("status")).containsOnly("True");
    }

    @Test
    void eventsAndNodesHaveTheirOwnRows() throws Exception {
        Instant now = Instant.parse("2026-11-29T19:00:00Z");
        JsonNode event = JSON.readTree("""
                {"metadata":{"name":"alpaca.1"},"type":"Normal","reason":"ScalingReplicaSet",
                 "message":"Scaled up replica set alpaca-5d8 from 0 to 3","count":1,
                 "involvedObject":{"kind":"Deployment","name":"alpaca"},"source":{"component":"deployment-controller"},
                 "firstTimestamp":"2026-11-29T18:59:00Z","lastTimestamp":"2026-11-29T18:59:50Z"}
                """);
        Map<String, Object> events = ServerTables.of("Event", List.of(event), now);
        assertThat(names(events)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject", "Source",
                "Message", "First Seen", "Count", "Name");
        assertThat(cells(events, 0)).containsExactly("10s");
        assertThat(((Map<?, ?>) ((List<?>) events.get("rows")).get(0)).get("cells")).isEqualTo(List.of("10s",
                "Normal", "ScalingReplicaSet", "deployment/alpaca", "", "deployment-controller",
                "Scaled up replica set alpaca-5d8 from 0 to 3", "60s", "1", "alpaca.1"));
        JsonNode node = JSON.readTree("""
                {"metadata":{"name":"n","creationTimestamp":"2026-11-29T18:00:00Z",
                  "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":""}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"Ready","status":"False"}],"nodeInfo":{"kubeletVersion":"v1.32.0"}}}
                """);
        Map<String, Object> nodes = ServerTables.of("Node", List.of(node), now);
        assertThat(names(nodes).subList(0, 5)).containsExactly("Name", "Status", "Roles", "Age", "Version");
        assertThat(((List<?>) ((Map<?, ?>) ((List<?>) nodes.get("rows")).get(0)).get("cells")).subList(0, 5))
                .isEqualTo(List.of("n", "NotReady,SchedulingDisabled", "control-plane,worker", "60m", "v1.32.0"));
    }

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(new java.util.LinkedHashMap<>(labels))
                .endMetadata().withNewSpec().addNewContainer().withName("web").withImage(image).endContainer()
                .endSpec().build();
    }

    private static JsonNode pod(io.fabric8.kubernetes.api.model.PodStatus status, String deletionTimestamp) {
        var pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p")
                .withDeletionTimestamp(deletionTimestamp).endMetadata().withStatus(status);
        if (!status.getContainerStatuses().isEmpty()) {
            pod.withNewSpec().addNewContainer().withName("web").endContainer().endSpec();
        }
        return JSON.valueToTree(pod.build());
    }

    private static List<Object> cells(Map<String, Object> table, int column) {
        return ((List<?>) table.get("rows")).stream().map(row -> ((List<?>) ((Map<?, ?>) row).get("cells"))
                .get(column)).map(Object.class::cast).toList();
    }

    private static List<Object> names(Map<String, Object> table) {
        return ((List<?>) table.get("columnDefinitions")).stream().map(column -> ((Map<?, ?>) column).get("name"))
                .map(Object.class::cast).toList();
    }
}
