package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The book's kubectl commands (chapter 8 and the chapters it relies on), typed as the book types them, by the real
 * kubectl 1.32 against an empty sandbox: each must do and print what it does on a real cluster. One sandbox for the
 * class; each test uses its own names.
 */
class SandboxBookCommandsTest {

    private static final String IMAGE = "gcr.io/kuar-demo/kuard-amd64:blue";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSandbox() {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(sandbox.kubeconfig());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void createDeploymentFromTheCommandLine() throws Exception {
        assertThat(kubectl.ok("create", "deployment", "alpaca", "--image=" + IMAGE, "--replicas=3", "--port=8080"))
                .isEqualTo("deployment.apps/alpaca created");
        JsonNode deployment = json("get", "deployment", "alpaca", "-o", "json");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(deployment.path("spec").path("selector").path("matchLabels").toString())
                .isEqualTo("{\"app\":\"alpaca\"}");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asString()).isEqualTo(IMAGE);
        assertThat(container.path("ports").toString()).as("the API server's default protocol")
                .isEqualTo("[{\"containerPort\":8080,\"protocol\":\"TCP\"}]");
        assertThat(deployment.path("spec").path("strategy").path("type").asString()).isEqualTo("RollingUpdate");
        kubectl.ok("rollout", "status", "deployment/alpaca", "--timeout=60s");
        assertThat(kubectl.ok("get", "deployment", "alpaca").lines().toList()).element(1).asString()
                .matches("alpaca\\s+3/3\\s+3\\s+3\\s+\\d+s");
    }

    @Test
    void exposeGivesTheServiceTheDeploymentsSelectorPortAndAClusterIp() throws Exception {
        kubectl.ok("create", "deployment", "exposed", "--image=" + IMAGE, "--port=8080");
        assertThat(kubectl.ok("expose", "deployment", "exposed")).isEqualTo("service/exposed exposed");
        JsonNode spec = json("get", "service", "exposed", "-o", "json").path("spec");
        assertThat(spec.path("selector").toString()).isEqualTo("{\"app\":\"exposed\"}");
        assertThat(spec.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        String clusterIp = spec.path("clusterIP").asString();
        assertThat(clusterIp).as("from the service CIDR 10.96.0.0/12").matches("10\\.(9[6-9]|10\\d|11[01])\\.\\d+\\.\\d+");
        assertThat(kubectl.ok("get", "svc", "exposed").lines().toList()).element(1).asString()
                .matches("exposed\\s+ClusterIP\\s+" + clusterIp.replace(".", "\\.") + "\\s+<none>\\s+8080/TCP\\s+\\d+s");
        // the typed `create service` (a protobuf body) gets one too, and another
        assertThat(kubectl.ok("create", "service", "clusterip", "typed-svc", "--tcp=80:8080"))
                .isEqualTo("service/typed-svc created");
        String typedIp = kubectl.ok("get", "svc", "typed-svc", "-o", "jsonpath={.spec.clusterIP}");
        assertThat(typedIp).startsWith("10.").isNotEqualTo(clusterIp);
        assertThat(kubectl.ok("get", "svc", "typed-svc", "-o", "jsonpath={.spec.ports[0].targetPort}"))
                .isEqualTo("8080");
        // a replace from a manifest without the address keeps it, as the API server does
        Path manifest = dir.resolve("replaced-svc.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Service
                metadata: {name: typed-svc}
                spec:
                  selector: {app: typed-svc}
                  ports: [{port: 80, targetPort: 9090}]
                """);
        kubectl.ok("replace", "-f", manifest.toString());
        assertThat(kubectl.ok("get", "svc", "typed-svc", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].targetPort}"))
                .isEqualTo(typedIp + " 9090");
    }

    @Test
    void runStartsAPodThatIsPendingThenRunningThenTerminatingUnderWatch() throws Exception {
        // -v=6 logs each request kubectl made once answered (on stderr, read with the rest): the pod is run once the
        // watch itself is open, so its Pending state cannot fall between the list and the watch (a kubectl started
        // on a busy machine took longer than the 500 ms slept here before, and the pod's 1 s of Pending)
        try (Kubectl.Stream watch = kubectl.stream("get", "pods", "-w", "-v=6")) {
            assertThat(watch.await(line -> line.contains("/pods?") && line.contains("watch=true"), 30))
                    .as("the watch is open: %s", watch.seen()).isNotNull();
            assertThat(kubectl.ok("run", "kuard", "--image=" + IMAGE)).isEqualTo("pod/kuard created");
            assertThat(watch.await(line -> line.matches("kuard\\s+0/1\\s+Pending\\s+0\\s+\\d+s"), 15))
                    .as("%s", watch.seen()).isNotNull();
            assertThat(watch.await(line -> line.matches("kuard\\s+1/1\\s+Running\\s+0\\s+\\d+s"), 15))
                    .as("%s", watch.seen()).isNotNull();
            assertThat(kubectl.ok("delete", "pod", "kuard")).isEqualTo("pod \"kuard\" deleted");
            assertThat(watch.await(line -> line.matches("kuard\\s+1/1\\s+Terminating\\s+0\\s+\\d+s"), 15))
                    .as("%s", watch.seen()).isNotNull();
        }
        assertThat(kubectl.run("get", "pod", "kuard").output()).as("gone once its container stopped")
                .contains("pods \"kuard\" not found");
    }

    @Test
    void getNodesShowsTheSandboxsOneReadyNode() throws Exception {
        List<String> nodes = kubectl.ok("get", "nodes").lines().toList();
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0)).matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
        assertThat(nodes.get(1)).matches("ingress-lab-sandbox\\s+Ready\\s+control-plane\\s+\\S+\\s+v1\\.32\\.0");
        assertThat(kubectl.ok("get", "nodes", "-o", "wide").lines().toList().get(1))
                .matches("ingress-lab-sandbox\\s+Ready\\s+control-plane\\s+\\S+\\s+v1\\.32\\.0\\s+127\\.0\\.0\\.1\\s+<none>.*");
    }

    @Test
    void replicaSetsStandBehindDeploymentsAndOwnTheirPods() throws Exception {
        kubectl.ok("create", "deployment", "owned", "--image=" + IMAGE, "--replicas=2");
        kubectl.ok("rollout", "status", "deployment/owned", "--timeout=60s");
        List<String> replicaSets = kubectl.ok("get", "rs", "-l", "app=owned").lines().toList();
        assertThat(replicaSets.get(0)).matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE");
        assertThat(replicaSets).hasSize(2);
        assertThat(replicaSets.get(1)).matches("owned-[bcdfghjklmnpqrstvwxz2456789]+\\s+2\\s+2\\s+2\\s+\\d+s");
        String replicaSet = replicaSets.get(1).split("\\s+")[0];
        JsonNode owner = json("get", "rs", replicaSet, "-o", "json").path("metadata").path("ownerReferences").get(0);
        assertThat(owner.path("kind").asString() + "/" + owner.path("name").asString()).isEqualTo("Deployment/owned");
        assertThat(owner.path("uid").asString()).isEqualTo(kubectl.ok("get", "deployment", "owned", "-o",
                "jsonpath={.metadata.uid}"));
        assertThat(kubectl.ok("get", "pods", "-l", "app=owned", "-o",
                "jsonpath={range .items[*]}{.metadata.ownerReferences[0].name}{\"\\n\"}{end}").lines())
                .containsExactly(replicaSet, replicaSet);
        // -o wide: the pod's IP and the node
        assertThat(kubectl.ok("get", "pods", "-l", "app=owned", "-o", "wide").lines().skip(1).toList()).hasSize(2)
                .allMatch(line -> line.matches(replicaSet + "-\\w{5}\\s+1/1\\s+Running\\s+0\\s+\\d+s\\s+127\\.0\\.0\\.1"
                        + "\\s+ingress-lab-sandbox\\s+<none>\\s+<none>"));
        assertThat(kubectl.ok("get", "all", "-l", "app=owned")).contains("pod/" + replicaSet + "-")
                .contains("deployment.apps/owned").contains("replicaset.apps/" + replicaSet);
    }

    @Test
    void describePodAgreesWithItself() throws Exception {
        kubectl.ok("create", "deployment", "described", "--image=" + IMAGE);
        kubectl.ok("rollout", "status", "deployment/described", "--timeout=60s");
        String pod = kubectl.ok("get", "pods", "-l", "app=described", "-o", "jsonpath={.items[0].metadata.name}");
        String description = kubectl.ok("describe", "pod", pod);
        assertThat(description).containsPattern("Status:\\s+Running").containsPattern("State:\\s+Running")
                .containsPattern("Ready:\\s+True").containsPattern("Node:\\s+ingress-lab-sandbox/127\\.0\\.0\\.1")
                .containsPattern("Controlled By:\\s+ReplicaSet/described-")
                .containsPattern("Normal\\s+Started\\s+\\S+\\s+kubelet\\s+Started container kuard-amd64")
                .doesNotContain("Waiting");
    }

    @Test
    void describeDeploymentNamesItsReplicaSetAndItsEvents() throws Exception {
        kubectl.ok("create", "deployment", "told", "--image=" + IMAGE, "--replicas=2");
        kubectl.ok("rollout", "status", "deployment/told", "--timeout=60s");
        assertThat(kubectl.ok("describe", "deployment", "told"))
                .containsPattern("Replicas:\\s+2 desired \\| 2 updated \\| 2 total \\| 2 available \\| 0 unavailable")
                .containsPattern("StrategyType:\\s+RollingUpdate")
                .containsPattern("NewReplicaSet:\\s+told-\\w+ \\(2/2 replicas created\\)")
                .containsPattern("Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica"
                        + " set told-\\w+ from 0 to 2");
    }

    @Test
    void setImageRollsOutANewReplicaSetAndUndoRollsBack() throws Exception {
        kubectl.ok("create", "deployment", "rolling", "--image=" + IMAGE, "--replicas=2");
        kubectl.ok("rollout", "status", "deployment/rolling", "--timeout=60s");
        String first = kubectl.ok("get", "rs", "-l", "app=rolling", "-o", "name");
        kubectl.ok("set", "image", "deployment/rolling", "kuard-amd64=gcr.io/kuar-demo/kuard-amd64:green");
        kubectl.ok("rollout", "status", "deployment/rolling", "--timeout=60s");
        List<String> replicaSets = kubectl.ok("get", "rs", "-l", "app=rolling").lines().skip(1).toList();
        assertThat(replicaSets).hasSize(2).anyMatch(line -> line.matches(first.substring("replicaset.apps/".length())
                + "\\s+0\\s+0\\s+0\\s+\\d+s")).anyMatch(line -> line.matches("rolling-\\w+\\s+2\\s+2\\s+2\\s+\\d+s"));
        assertThat(kubectl.ok("get", "pods", "-l", "app=rolling", "-o",
                "jsonpath={range .items[*]}{.spec.containers[0].image}{\"\\n\"}{end}").lines())
                .as("the old pods are gone, the new ones run the new image")
                .containsExactly("gcr.io/kuar-demo/kuard-amd64:green", "gcr.io/kuar-demo/kuard-amd64:green");
        assertThat(kubectl.ok("rollout", "history", "deployment/rolling")).containsPattern("(?m)^1\\s+<none>$")
                .containsPattern("(?m)^2\\s+<none>$");
        assertThat(kubectl.ok("rollout", "undo", "deployment/rolling")).isEqualTo("deployment.apps/rolling rolled back");
        kubectl.ok("rollout", "status", "deployment/rolling", "--timeout=60s");
        assertThat(kubectl.ok("get", "deployment", "rolling", "-o", "jsonpath={.spec.template.spec.containers[0].image}"
                + " {.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).isEqualTo(IMAGE + " 3");
        assertThat(kubectl.ok("get", first, "-o", "jsonpath={.spec.replicas}")).as("the first ReplicaSet again")
                .isEqualTo("2");
    }

    @Test
    void getEventsPrintsTheUsualColumns() throws Exception {
        kubectl.ok("create", "deployment", "eventful", "--image=" + IMAGE);
        kubectl.ok("rollout", "status", "deployment/eventful", "--timeout=60s");
        List<String> events = kubectl.ok("get", "events").lines().toList();
        assertThat(events.get(0)).matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
        assertThat(events).anyMatch(line -> line.matches("\\d+s\\s+Normal\\s+ScalingReplicaSet\\s+deployment/eventful"
                + "\\s+Scaled up replica set eventful-\\w+ from 0 to 1"));
        assertThat(events).anyMatch(line -> line.matches("\\d+s\\s+Normal\\s+SuccessfulCreate\\s+replicaset/eventful-\\w+"
                + "\\s+Created pod: eventful-\\w+-\\w+"));
        assertThat(kubectl.ok("get", "events", "-o", "wide").lines().toList().get(0)).matches("LAST SEEN\\s+TYPE"
                + "\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME");
    }

    @Test
    void authCanIAnswersYes() throws Exception {
        assertThat(kubectl.ok("auth", "can-i", "create", "ingress")).isEqualTo("yes");
        assertThat(kubectl.ok("auth", "can-i", "delete", "pods", "-n", "kube-system")).isEqualTo("yes");
        assertThat(kubectl.ok("auth", "can-i", "--list")).containsPattern("\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]");
    }

    @Test
    void listsAreSortedByName() throws Exception {
        kubectl.ok("create", "namespace", "sorted");
        for (String name : List.of("zebra", "alpaca", "mole", "bandicoot")) {
            kubectl.ok("create", "configmap", name, "-n", "sorted");
        }
        assertThat(kubectl.ok("get", "configmaps", "-n", "sorted", "-o", "name").lines())
                .containsExactly("configmap/alpaca", "configmap/bandicoot", "configmap/mole", "configmap/zebra");
        assertThat(kubectl.ok("get", "configmaps", "-n", "sorted").lines().skip(1).map(line -> line.split("\\s+")[0]))
                .containsExactly("alpaca", "bandicoot", "mole", "zebra");
    }

    @Test
    void rolloutStatusEndsOnlyOnceTheEndpointsAreReady() throws Exception {
        kubectl.ok("create", "service", "clusterip", "rolled", "--tcp=8080:8080"); // selects app=rolled
        kubectl.ok("create", "deployment", "rolled", "--image=" + IMAGE, "--replicas=3", "--port=8080");
        String status = kubectl.ok("rollout", "status", "deployment/rolled", "--timeout=60s");
        assertThat(status).endsWith("deployment \"rolled\" successfully rolled out");
        // at once, with no waiting: each replica is in the endpoints and answers there
        List<Integer> ports = new ArrayList<>();
        JsonNode slices = json("get", "endpointslices", "-l", "kubernetes.io/service-name=rolled", "-o", "json");
        slices.path("items").forEach(slice -> slice.path("ports").forEach(port -> ports.add(port.path("port").asInt())));
        assertThat(ports).hasSize(3);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int port : ports) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/")).header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("rolled");
        }
    }

    @Test
    void deleteDeploymentTakesItsReplicaSetAndPodsWithIt() throws Exception {
        kubectl.ok("create", "deployment", "doomed", "--image=" + IMAGE, "--replicas=2");
        kubectl.ok("rollout", "status", "deployment/doomed", "--timeout=60s");
        assertThat(kubectl.ok("get", "rs,pods", "-l", "app=doomed", "-o", "name").lines()).hasSize(3);
        assertThat(kubectl.ok("delete", "deployment", "doomed")).isEqualTo("deployment.apps \"doomed\" deleted");
        assertThat(eventually(() -> kubectl.run("get", "rs,pods", "-l", "app=doomed", "-o", "name").output()
                .isEmpty())).as("the garbage collector's part").isTrue();
    }

    @Test
    void scaleAndLabelAsTheBookDoes() throws Exception {
        kubectl.ok("create", "deployment", "scaled", "--image=" + IMAGE, "--replicas=1");
        assertThat(kubectl.ok("scale", "deployment", "scaled", "--replicas=3")).isEqualTo("deployment.apps/scaled scaled");
        kubectl.ok("rollout", "status", "deployment/scaled", "--timeout=60s");
        assertThat(kubectl.ok("get", "pods", "-l", "app=scaled", "-o", "name").lines()).hasSize(3);
        assertThat(kubectl.ok("scale", "deployment", "scaled", "--replicas=1")).isEqualTo("deployment.apps/scaled scaled");
        assertThat(eventually(() -> kubectl.run("get", "pods", "-l", "app=scaled", "-o", "name").output().lines()
                .count() == 1)).isTrue();
        assertThat(kubectl.ok("get", "events", "--field-selector", "reason=SuccessfulDelete"))
                .containsPattern("replicaset/scaled-\\w+\\s+Deleted pod: scaled-");
        assertThat(kubectl.ok("label", "deployment", "scaled", "tier=web")).isEqualTo("deployment.apps/scaled labeled");
        assertThat(kubectl.ok("get", "deployments", "-l", "tier=web", "-o", "name")).isEqualTo("deployment.apps/scaled");
    }

    private static boolean eventually(CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.holds();
    }

    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(kubectl.ok(args));
    }
}
