package dev.ingresslab.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Gateway API kinds on the sandbox, driven by the real kubectl (1.32) with its default flags: discovery, the
 * CRDs' printer columns, their schemas' validation with the API server's messages and their defaults, and the status
 * subresource.
 */
class SandboxGatewayApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSandbox() {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        kubectl = new Kubectl(dir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String sample(String name) {
        return Path.of("gateway").resolve(name).toAbsolutePath().toString();
    }

    private static Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void apiResourcesListsTheFourKindsOfTheGroup() throws Exception {
        String resources = kubectl.ok("api-resources", "--api-group=gateway.networking.k8s.io");
        assertThat(resources)
                .containsPattern("gatewayclasses\\s+gc\\s+gateway.networking.k8s.io/v1\\s+false\\s+GatewayClass")
                .containsPattern("gateways\\s+gtw\\s+gateway.networking.k8s.io/v1\\s+true\\s+Gateway")
                .containsPattern("httproutes\\s+gateway.networking.k8s.io/v1\\s+true\\s+HTTPRoute")
                .containsPattern("referencegrants\\s+refgrant\\s+gateway.networking.k8s.io/v1\\s+true"
                        + "\\s+ReferenceGrant");
        assertThat(kubectl.ok("api-resources", "--categories=gateway-api", "-o", "name"))
                .as("the CRDs' category").contains("gateways.gateway.networking.k8s.io")
                .contains("httproutes.gateway.networking.k8s.io");
    }

    /**
     * ReferenceGrant is served as {@code v1beta1} beside {@code v1}, as the standard channel's CRD serves it: one
     * stored object, seen through either version, written, watched, validated and deleted through either.
     */
    @Test
    void aReferenceGrantIsOneObjectSeenThroughV1beta1AndV1() throws Exception {
        String v1beta1 = "referencegrants.v1beta1.gateway.networking.k8s.io";
        String v1 = "referencegrants.v1.gateway.networking.k8s.io";
        JsonNode group = null;
        for (JsonNode each : JSON.readTree(kubectl.ok("get", "--raw", "/apis")).path("groups")) {
            group = each.path("name").asString().equals("gateway.networking.k8s.io") ? each : group;
        }
        assertThat(group).as("the Gateway API's group, listed once").isNotNull();
        List<String> versions = new java.util.ArrayList<>();
        group.path("versions").forEach(version -> versions.add(version.path("groupVersion").asString()));
        assertThat(versions).as("both versions, v1 first")
                .containsExactly("gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1");
        assertThat(group.path("preferredVersion").path("version").asString()).isEqualTo("v1");
        assertThat(kubectl.ok("get", "--raw", "/apis/gateway.networking.k8s.io/v1beta1"))
                .contains("\"name\":\"referencegrants\"").doesNotContain("httproutes", "referencegrants/status");

        try (Kubectl.Stream watch = kubectl.stream("get", v1beta1, "-n", "default", "--watch", "--output-watch-events",
                "-o", "jsonpath={.type} {.object.apiVersion} {.object.metadata.name}{\"\\n\"}")) {
            Path grant = write("grant-v1beta1.yaml", """
                    apiVersion: gateway.networking.k8s.io/v1beta1
                    kind: ReferenceGrant
                    metadata: {name: routes-to-services}
                    spec:
                      from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team}]
                      to: [{group: "", kind: Service}]
                    """);
            assertThat(kubectl.ok("apply", "-f", grant.toString()))
                    .contains("referencegrant.gateway.networking.k8s.io/routes-to-services created");
            assertThat(watch.await(line -> line.contains("routes-to-services"), 30)).as("%s", watch.seen())
                    .isEqualTo("ADDED gateway.networking.k8s.io/v1beta1 routes-to-services");

            String throughBeta = kubectl.ok("get", v1beta1, "routes-to-services", "-o",
                    "jsonpath={.apiVersion} {.metadata.uid} {.spec.to[0].kind}");
            String throughV1 = kubectl.ok("get", v1, "routes-to-services", "-o",
                    "jsonpath={.apiVersion} {.metadata.uid} {.spec.to[0].kind}");
            assertThat(throughBeta).startsWith("gateway.networking.k8s.io/v1beta1 ").endsWith(" Service");
            assertThat(throughV1).as("the same object (uid) in the version asked for")
                    .isEqualTo(throughBeta.replace("/v1beta1 ", "/v1 "));
            assertThat(kubectl.ok("get", v1beta1)).containsPattern("routes-to-services\\s+\\d+s");
            assertThat(kubectl.ok("get", "--raw",
                    "/apis/gateway.networking.k8s.io/v1beta1/namespaces/default/referencegrants"))
                    .contains("\"kind\":\"ReferenceGrantList\",").contains("\"apiVersion\":\"gateway.networking.k8s.io/v1beta1\"")
                    .doesNotContain("\"apiVersion\":\"gateway.networking.k8s.io/v1\"");
            assertThat(kubectl.ok("apply", "-f", grant.toString())).as("applied again: nothing to change")
                    .contains("routes-to-services unchanged");

            Path broken = write("grant-v1beta1-broken.yaml", """
                    apiVersion: gateway.networking.k8s.io/v1beta1
                    kind: ReferenceGrant
                    metadata: {name: no-to}
                    spec:
                      from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team}]
                    """);
            Kubectl.Run refused = kubectl.run("apply", "-f", broken.toString());
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.output()).contains("spec.to: Required value");

            assertThat(kubectl.ok("delete", v1beta1, "routes-to-services"))
                    .contains("referencegrant.gateway.networking.k8s.io \"routes-to-services\" deleted");
            assertThat(watch.await(line -> line.startsWith("DELETED"), 30)).as("%s", watch.seen())
                    .isEqualTo("DELETED gateway.networking.k8s.io/v1beta1 routes-to-services");
            assertThat(kubectl.run("get", v1, "routes-to-services").output()).as("gone through v1 too")
                    .contains("NotFound");
        }
    }

    @Test
    void theSamplesApplyAndPrintTheCrdsColumns() throws Exception {
        kubectl.ok("create", "namespace", "columns");
        kubectl.ok("apply", "-n", "columns", "-f", sample("gateway.yaml"), "-f", sample("host-route.yaml"), "-f",
                sample("path-route.yaml"));
        assertThat(kubectl.ok("get", "gatewayclass", "ingress-lab"))
                .containsPattern("NAME\\s+CONTROLLER\\s+ACCEPTED\\s+AGE")
                .as("no controller runs here: the CRDs' default status, as on a real cluster")
                .containsPattern("ingress-lab\\s+ingress-lab.dev/controller\\s+Unknown\\s+\\d+s");
        assertThat(kubectl.ok("get", "gateway", "-n", "columns"))
                .containsPattern("NAME\\s+CLASS\\s+ADDRESS\\s+PROGRAMMED\\s+AGE")
                .containsPattern("lab-gateway\\s+ingress-lab\\s+Unknown\\s+\\d+s");
        assertThat(kubectl.ok("get", "httproute", "-n", "columns"))
                .containsPattern("NAME\\s+HOSTNAMES\\s+AGE")
                .containsPattern("host-route\\s+\\[\"alpaca.example.com\"\\]\\s+\\d+s")
                .containsPattern("path-route\\s+\\[\"bandicoot.example.com\"\\]\\s+\\d+s")
                .containsPattern("default-route\\s+\\d+s");
        assertThat(kubectl.ok("get", "gateway-api", "-n", "columns", "-o", "name"))
                .contains("gateway.gateway.networking.k8s.io/lab-gateway", "httproute.gateway.networking.k8s.io/path-route");
    }

    @Test
    void theStatusSubresourceKeepsStatusAndSpecApartAndTheGenerationCounts() throws Exception {
        kubectl.ok("create", "namespace", "status");
        kubectl.ok("apply", "-n", "status", "-f", sample("gateway.yaml"));
        kubectl.ok("patch", "gateway", "lab-gateway", "-n", "status", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"addresses\":[{\"type\":\"IPAddress\",\"value\":\"127.0.0.1\"}],"
                        + "\"conditions\":[{\"type\":\"Programmed\",\"status\":\"True\",\"reason\":\"Programmed\","
                        + "\"message\":\"\",\"lastTransitionTime\":\"2026-11-30T00:00:00Z\",\"observedGeneration\":1}]}}");
        assertThat(kubectl.ok("get", "gateway", "lab-gateway", "-n", "status"))
                .as("ADDRESS and PROGRAMMED come from the status")
                .containsPattern("lab-gateway\\s+ingress-lab\\s+127.0.0.1\\s+True\\s+\\d+s");
        assertThat(kubectl.ok("get", "gateway", "lab-gateway", "-n", "status", "-o",
                "jsonpath={.metadata.generation}")).isEqualTo("1");
        kubectl.ok("patch", "gateway", "lab-gateway", "-n", "status", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/listeners/0/port\",\"value\":8080}]");
        assertThat(kubectl.ok("get", "gateway", "lab-gateway", "-n", "status", "-o",
                "jsonpath={.metadata.generation} {.spec.listeners[0].port} {.status.addresses[0].value}"))
                .as("a spec change counts a generation and keeps the status").isEqualTo("2 8080 127.0.0.1");
        kubectl.ok("patch", "gateway", "lab-gateway", "-n", "status", "--subresource=status", "--type=merge", "-p",
                "{\"spec\":{\"gatewayClassName\":\"other\"},\"status\":{\"addresses\":[]}}");
        assertThat(kubectl.ok("get", "gateway", "lab-gateway", "-n", "status", "-o",
                "jsonpath={.metadata.generation} {.spec.gatewayClassName}"))
                .as("a status write changes nothing else").isEqualTo("2 ingress-lab");
    }

    /** The CRDs' schema defaults, filled in as the API server decodes a write, shown by {@code kubectl get}. */
    @Test
    void theCrdsDefaultsAreFilledInAsARealApiServerDoes() throws Exception {
        kubectl.ok("create", "namespace", "defaults");
        Path file = write("minimal.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: minimal}
                spec: {controllerName: example.com/nobody}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: defaults}
                spec:
                  gatewayClassName: minimal
                  listeners:
                  - {name: http, protocol: HTTP, port: 80}
                  - {name: https, protocol: HTTPS, port: 443, hostname: a.example, tls: {certificateRefs: [{name: cert}]}}
                  - {name: all, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: defaults}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - backendRefs: [{name: alpaca, port: 8080}]
                  - matches: [{headers: [{name: x-a, value: b}]}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: bare, namespace: defaults}
                spec: {parentRefs: [{name: gw}]}
                """);
        kubectl.ok("apply", "-f", file.toString());

        assertThat(kubectl.ok("get", "gatewayclass", "minimal", "-o", "jsonpath={.status.conditions[*].type}"
                + " {.status.conditions[*].status} {.status.conditions[*].reason} {.status.conditions[*].message}"))
                .isEqualTo("Accepted Unknown Pending Waiting for controller");
        assertThat(kubectl.ok("get", "gateway", "gw", "-n", "defaults", "-o",
                "jsonpath={.status.conditions[*].type} {.status.conditions[*].reason}"))
                .isEqualTo("Accepted Programmed Pending Pending");
        assertThat(kubectl.ok("get", "gateway", "gw", "-n", "defaults", "-o",
                "jsonpath={.spec.listeners[*].allowedRoutes.namespaces.from}"))
                .as("allowedRoutes defaults to Same, and a written one is kept").isEqualTo("Same Same All");
        assertThat(kubectl.ok("get", "gateway", "gw", "-n", "defaults", "-o",
                "jsonpath={.spec.listeners[1].tls.mode} {.spec.listeners[1].tls.certificateRefs[0].kind}"))
                .isEqualTo("Terminate Secret");
        assertThat(kubectl.ok("get", "httproute", "r", "-n", "defaults", "-o",
                "jsonpath={.spec.parentRefs[0].group} {.spec.parentRefs[0].kind}"))
                .isEqualTo("gateway.networking.k8s.io Gateway");
        assertThat(kubectl.ok("get", "httproute", "r", "-n", "defaults", "-o",
                "jsonpath={.spec.rules[0].matches[0].path.type} {.spec.rules[0].matches[0].path.value}"
                        + " {.spec.rules[0].backendRefs[0].kind} {.spec.rules[0].backendRefs[0].weight}"))
                .as("a rule without matches matches PathPrefix /; a backendRef weighs 1").isEqualTo(
                        "PathPrefix / Service 1");
        assertThat(kubectl.ok("get", "httproute", "r", "-n", "defaults", "-o",
                "jsonpath={.spec.rules[1].matches[0].headers[0].type} {.spec.rules[1].matches[0].path.type}"
                        + " {.spec.rules[1].filters[0].requestRedirect.statusCode}"))
                .isEqualTo("Exact PathPrefix 302");
        assertThat(kubectl.ok("get", "httproute", "bare", "-n", "defaults", "-o",
                "jsonpath={.spec.rules[0].matches[0].path.type} {.spec.rules[0].matches[0].path.value}"))
                .as("a Route without rules gets one").isEqualTo("PathPrefix /");

        kubectl.ok("apply", "-f", file.toString());
        assertThat(kubectl.ok("get", "gateway", "gw", "-n", "defaults", "-o", "jsonpath={.metadata.generation}"))
                .as("applied again: the defaults are no change to the spec").isEqualTo("1");
        assertThat(kubectl.ok("get", "httproute", "r", "-n", "defaults", "-o", "jsonpath={.metadata.generation}"))
                .isEqualTo("1");
    }

    /**
     * A GatewayClass's controllerName is immutable (the CRD's transition rule), whether changed by a patch (kubectl
     * apply, patch) or a replace: a class never moves to another controller under its Gateways.
     */
    @Test
    void aGatewayClassKeepsItsController() throws Exception {
        Path file = write("class.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: keeps}
                spec: {controllerName: ingress-lab.dev/controller}
                """);
        kubectl.ok("apply", "-f", file.toString());
        Path moved = write("moved.yaml", Files.readString(file).replace("ingress-lab.dev/controller",
                "example.com/other"));
        for (String[] args : List.of(new String[] {"apply", "-f", moved.toString()},
                new String[] {"replace", "-f", moved.toString()},
                new String[] {"patch", "gatewayclass", "keeps", "--type=merge", "-p",
                        "{\"spec\":{\"controllerName\":\"example.com/other\"}}"})) {
            Kubectl.Run run = kubectl.run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isNotZero();
            assertThat(run.output()).as(String.join(" ", args))
                    .contains("spec.controllerName: Invalid value: \"string\": Value is immutable")
                    .contains("hint: a GatewayClass keeps its controller: create a new GatewayClass");
        }
        assertThat(kubectl.ok("get", "gatewayclass", "keeps", "-o", "jsonpath={.spec.controllerName}"))
                .isEqualTo("ingress-lab.dev/controller");
        kubectl.ok("apply", "-f", file.toString());
    }

    @Test
    void theCrdsSchemasRefuseWhatARealClusterRefusesWithItsMessagesAndAHint() throws Exception {
        Path prefix = write("prefix-route.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: prefix-route}
                spec:
                  parentRefs: [{name: lab-gateway}]
                  rules:
                    - matches: [{path: {type: Prefix, value: /a}}]
                      backendRefs: [{name: alpaca, port: 8080}]
                """);
        Kubectl.Run refused = kubectl.run("apply", "-f", prefix.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("The HTTPRoute \"prefix-route\" is invalid: spec.rules[0].matches[0]"
                + ".path.type: Unsupported value: \"Prefix\": supported values: \"Exact\", \"PathPrefix\","
                + " \"RegularExpression\"").contains("hint: an HTTPRoute's prefix match is `type: PathPrefix`");

        Path noClass = write("no-class.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: no-class}
                spec:
                  listeners: [{name: http, protocol: HTTP, port: 0}]
                """);
        Kubectl.Run gateway = kubectl.run("apply", "-f", noClass.toString());
        assertThat(gateway.exit()).isNotZero();
        assertThat(gateway.output()).contains("The Gateway \"no-class\" is invalid:")
                .contains("spec.gatewayClassName: Required value")
                .contains("spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater"
                        + " than or equal to 1")
                .contains("hint: name a GatewayClass");

        Path noPort = write("no-port.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: no-port}
                spec:
                  parentRefs: [{name: lab-gateway}]
                  rules:
                    - matches: [{path: {type: Exact, value: a/b}}]
                      backendRefs: [{name: alpaca}]
                """);
        Kubectl.Run port = kubectl.run("apply", "-f", noPort.toString());
        assertThat(port.output()).contains("spec.rules[0].matches[0].path: Invalid value: \"object\": value must be"
                + " an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")
                .contains("spec.rules[0].backendRefs[0]: Invalid value: \"object\": Must have port for Service"
                        + " reference");

        Path unknown = write("unknown-field.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: unknown-field}
                spec:
                  parentRefs: [{name: lab-gateway}]
                  rules:
                    - backendRef: {name: alpaca, port: 8080}
                """);
        Kubectl.Run strict = kubectl.run("apply", "-f", unknown.toString());
        assertThat(strict.exit()).isNotZero();
        assertThat(strict.output()).contains("HTTPRoute in version \"v1\" cannot be handled as a HTTPRoute: strict"
                + " decoding error: unknown field \"spec.rules[0].backendRef\"");

        Path grant = write("grant.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ReferenceGrant
                metadata: {name: grant}
                spec:
                  from: [{kind: HTTPRoute, namespace: default}]
                """);
        Kubectl.Run grantRun = kubectl.run("apply", "-f", grant.toString());
        assertThat(grantRun.output()).contains("spec.from[0].group: Required value").contains("spec.to: Required value");
        assertThat(kubectl.ok("get", "httproute,gateway,referencegrant", "-A", "-o", "name"))
                .as("nothing refused was stored").doesNotContain("prefix-route", "no-class", "no-port",
                        "unknown-field", "grant");
    }
}
