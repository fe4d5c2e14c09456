package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl (1.32) against the sandbox, with its default flags, for every verb a reader of the chapter uses:
 * what it prints must be what a real cluster makes it print. One sandbox for the class; each test uses its own
 * object names.
 */
class SandboxKubectlTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static Sandbox sandbox;

    /** What kubectl printed (standard output and error together) and how it ended. */
    record Run(int exit, String output) {
    }

    @BeforeAll
    static void startSandbox() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL);
        sandbox = Sandbox.start(dir.resolve("kubeconfig"));
        ok("apply", "-f", sample("services.yaml"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theSeedsTwoMistakesGetTheApiServersMessagesThenOurHint() throws Exception {
        Run lowercase = kubectl("apply", "-f", sample("mistakes/simple-ingress-lowercase-kind.yaml"));
        assertThat(lowercase.exit()).isNotZero();
        assertThat(lowercase.output()).contains("Error from server (BadRequest): error when creating")
                .contains("no kind \"ingress\" is registered for version \"networking.k8s.io/v1\" in scheme"
                        + " \"pkg/api/legacyscheme/scheme.go:30\"\nhint: kinds are case-sensitive: use `kind: Ingress`");

        Run specService = kubectl("apply", "-f", sample("mistakes/simple-ingress-spec-service.yaml"));
        assertThat(specService.exit()).isNotZero();
        assertThat(specService.output()).contains("Error from server (BadRequest): error when creating")
                .contains("Ingress in version \"v1\" cannot be handled as a Ingress: strict decoding error: unknown"
                        + " field \"spec.service\"\nhint: a catch-all backend is `spec.defaultBackend.service`");
        assertThat(ingress("simple-ingress")).as("nothing was stored").isNull();
        assertThat(ok("explain", "ingress.spec")).as("what the hints suggest works on the sandbox")
                .containsPattern("defaultBackend\\s+<IngressBackend>").contains("spec.defaultBackend.service");
        assertThat(ok("explain", "deployment.spec.template.spec.containers")).contains("image\t<string>");

        assertThat(ok("apply", "-f", sample("simple-ingress.yaml")))
                .contains("ingress.networking.k8s.io/simple-ingress created");
        assertThat(ok("apply", "-f", sample("simple-ingress.yaml")))
                .contains("ingress.networking.k8s.io/simple-ingress unchanged");
        assertThat(ok("delete", "-f", sample("simple-ingress.yaml"))).contains("\"simple-ingress\" deleted");
    }

    @Test
    void validationAnswersWithTheApiServersFieldMessages() throws Exception {
        Path bad = write("bad.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: bad-host}
                spec:
                  rules:
                  - host: Bad_Host.example.com
                    http:
                      paths:
                      - path: /x
                        backend: {service: {name: alpaca, port: {number: 8080}}}
                """);
        Run run = kubectl("apply", "-f", bad.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("The Ingress \"bad-host\" is invalid:")
                .contains("spec.rules[0].host: Invalid value: \"Bad_Host.example.com\": a lowercase RFC 1123"
                        + " subdomain must consist of lower case alphanumeric characters")
                .contains("spec.rules[0].http.paths[0].pathType: Required value");
        Run unknown = kubectl("apply", "--validate=warn", "-f", write("typo.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: typo}
                dat: {a: b}
                """).toString());
        assertThat(unknown.exit()).as(unknown.output()).isZero();
        assertThat(unknown.output()).contains("Warning: unknown field \"dat\"").contains("configmap/typo created");
    }

    @Test
    void applyUpdatesThroughStrategicMergeAsTheApiServerMerges() throws Exception {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: merge-demo}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: merge-demo}}
                  template:
                    metadata: {labels: {app: merge-demo}}
                    spec:
                      containers:
                      - name: web
                        image: kuard:blue
                        env: [{name: COLOR, value: blue}, {name: SIZE, value: small}]
                      - name: sidecar
                        image: logger:1
                """;
        Path file = write("merge-demo.yaml", deployment);
        assertThat(ok("apply", "-f", file.toString())).contains("deployment.apps/merge-demo created");
        // Another writer adds a container kubectl apply never declared: a merge keeps it, a replace would not.
        ok("patch", "deployment", "merge-demo", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"injected\",\"image\":\"proxy:1\"}]}}}}");
        Files.writeString(file, deployment.replace("value: blue", "value: green")
                .replace("      - name: sidecar\n        image: logger:1\n", ""));
        assertThat(ok("apply", "-f", file.toString())).contains("deployment.apps/merge-demo configured");

        JsonNode containers = json("get", "deployment", "merge-demo", "-o", "json").path("spec").path("template")
                .path("spec").path("containers");
        List<String> names = new ArrayList<>();
        containers.forEach(container -> names.add(container.path("name").asString()));
        assertThat(names).as("the removed container is gone, the injected one kept").containsExactly("web",
                "injected");
        assertThat(containers.get(0).path("env").toString())
                .isEqualTo("[{\"name\":\"COLOR\",\"value\":\"green\"},{\"name\":\"SIZE\",\"value\":\"small\"}]");
        assertThat(json("get", "deployment", "merge-demo", "-o", "json").path("metadata").path("annotations")
                .path("kubectl.kubernetes.io/last-applied-configuration").asString()).contains("\"green\"");

        // An Ingress's rules are an atomic list: an update replaces them whole.
        Path ingress = write("atomic.yaml", ingressYaml("atomic", "one.example.com", "two.example.com"));
        ok("apply", "-f", ingress.toString());
        Files.writeString(ingress, ingressYaml("atomic", "three.example.com"));
        ok("apply", "-f", ingress.toString());
        assertThat(ok("get", "ingress", "atomic", "-o", "jsonpath={.spec.rules[*].host}"))
                .isEqualTo("three.example.com");
    }

    @Test
    void patchLabelAnnotateEditAndStatus() throws Exception {
        ok("apply", "-f", write("patch-demo.yaml", ingressYaml("patch-demo", "patch.example.com")).toString());
        assertThat(ok("patch", "ingress", "patch-demo", "--type=merge", "-p",
                "{\"spec\":{\"ingressClassName\":\"ingress-lab\"}}")).contains("patched");
        assertThat(ok("patch", "ingress", "patch-demo", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/host\",\"value\":\"patched.example.com\"}]"))
                .contains("patched");
        assertThat(ok("label", "ingress", "patch-demo", "team=edge")).contains("labeled");
        assertThat(ok("annotate", "ingress", "patch-demo", "note=hello")).contains("annotated");
        assertThat(ok("patch", "ingress", "patch-demo", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"10.0.0.9\"}]}}}")).contains("patched");
        Ingress stored = ingress("patch-demo");
        assertThat(stored.getSpec().getIngressClassName()).isEqualTo("ingress-lab");
        assertThat(stored.getSpec().getRules().get(0).getHost()).isEqualTo("patched.example.com");
        assertThat(stored.getMetadata().getLabels()).containsEntry("team", "edge");
        assertThat(stored.getMetadata().getAnnotations()).containsEntry("note", "hello");
        assertThat(stored.getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("10.0.0.9");

        // kubectl edit opens $EDITOR on the object and sends what changed
        Path editor = write("editor.sh", "#!/bin/sh\nsed -i 's/patched.example.com/edited.example.com/' \"$1\"\n");
        editor.toFile().setExecutable(true);
        assertThat(run(Map.of("EDITOR", editor.toString()), "edit", "ingress", "patch-demo").output())
                .contains("ingress.networking.k8s.io/patch-demo edited");
        assertThat(ingress("patch-demo").getSpec().getRules().get(0).getHost()).isEqualTo("edited.example.com");

        // kubectl patch asks for no field validation: the API server then warns of unknown fields, as here
        Run badPatch = kubectl("patch", "ingress", "patch-demo", "-p", "{\"spec\":{\"backend\":{}}}");
        assertThat(badPatch.output()).contains("Warning: unknown field \"spec.backend\"");
    }

    @Test
    void createReplaceAndTheirConflicts() throws Exception {
        Path file = write("conflict.yaml", ingressYaml("conflict", "c.example.com"));
        assertThat(ok("create", "-f", file.toString())).contains("ingress.networking.k8s.io/conflict created");
        Run again = kubectl("create", "-f", file.toString());
        assertThat(again.output()).contains("Error from server (AlreadyExists): error when creating")
                .contains("ingresses.networking.k8s.io \"conflict\" already exists");

        Path stale = dir.resolve("stale.json");
        Files.writeString(stale, ok("get", "ingress", "conflict", "-o", "json"));
        ok("label", "ingress", "conflict", "changed=yes"); // the object moves on
        Run replace = kubectl("replace", "-f", stale.toString());
        assertThat(replace.exit()).isNotZero();
        assertThat(replace.output()).contains("Error from server (Conflict)")
                .contains("Operation cannot be fulfilled on ingresses.networking.k8s.io \"conflict\": the object has"
                        + " been modified; please apply your changes to the latest version and try again");
        assertThat(ok("replace", "-f", file.toString())).contains("ingress.networking.k8s.io/conflict replaced");

        assertThat(ok("apply", "--dry-run=server", "-f", write("dry.yaml", ingressYaml("dry", "d.example.com"))
                .toString())).contains("(server dry run)");
        assertThat(ingress("dry")).as("a dry run stores nothing").isNull();
        Run huge = kubectl("create", "-f", write("huge.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\n"
                + "data: {a: " + "x".repeat(4 * 1024 * 1024) + "}\n").toString());
        assertThat(huge.output()).contains("Error from server (RequestEntityTooLarge)")
                .contains("Request entity too large: limit is 3145728");
        Run nowhere = kubectl("apply", "-n", "nowhere", "-f", sample("simple-ingress.yaml"));
        assertThat(nowhere.output()).contains("Error from server (NotFound)").contains("namespaces \"nowhere\" not found");
    }

    @Test
    void createSecretTlsAndNamespaceWithTypedCommands() throws Exception {
        assertThat(ok("create", "namespace", "tls-lab")).contains("namespace/tls-lab created");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        writeSelfSigned(cert, key);
        assertThat(ok("create", "secret", "tls", "alpaca-tls", "-n", "tls-lab", "--cert", cert.toString(),
                "--key", key.toString())).contains("secret/alpaca-tls created");
        JsonNode secret = json("get", "secret", "alpaca-tls", "-n", "tls-lab", "-o", "json");
        assertThat(secret.path("type").asString()).isEqualTo("kubernetes.io/tls");
        assertThat(new String(Base64.getDecoder().decode(secret.path("data").path("tls.crt").asString()),
                StandardCharsets.US_ASCII)).isEqualTo(Files.readString(cert));
        assertThat(ok("get", "secret", "-n", "tls-lab")).matches("(?s)NAME\\s+TYPE\\s+DATA\\s+AGE\n"
                + "alpaca-tls\\s+kubernetes.io/tls\\s+2\\s+\\d+s");

        assertThat(ok("create", "configmap", "settings", "-n", "tls-lab", "--from-literal=color=blue"))
                .contains("configmap/settings created");
        assertThat(ok("get", "configmap", "settings", "-n", "tls-lab", "-o", "jsonpath={.data.color}"))
                .isEqualTo("blue");
        Run serverSide = kubectl("apply", "--server-side", "-f", sample("simple-ingress.yaml"));
        assertThat(serverSide.output()).contains("server-side apply is not supported by the sandbox");
    }

    @Test
    void getPrintsTheServersColumnsAndEveryOutputFormat() throws Exception {
        ok("wait", "--for=condition=Available", "deployment/alpaca", "--timeout=30s");
        List<String> deployments = ok("get", "deployment", "alpaca").lines().toList();
        assertThat(deployments.get(0)).matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");
        assertThat(deployments.get(1)).matches("alpaca\\s+3/3\\s+3\\s+3\\s+\\d+s");
        assertThat(ok("get", "service", "alpaca").lines().toList().get(0))
                .matches("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE");
        assertThat(ok("get", "deployment", "alpaca", "-o", "wide").lines().toList().get(1)).matches(
                "alpaca\\s+3/3\\s+3\\s+3\\s+\\d+s\\s+alpaca\\s+gcr.io/kuar-demo/kuard-amd64:blue\\s+app=alpaca");
        assertThat(ok("get", "pods", "-l", "app=alpaca").lines().skip(1).toList()).hasSize(3)
                .allMatch(line -> line.matches("alpaca-[\\w-]+\\s+1/1\\s+Running\\s+0\\s+\\d+s"));
        ok("apply", "-f", sample("host-ingress.yaml"));
        List<String> table = ok("get", "ing", "host-ingress").lines().toList();
        assertThat(table.get(0)).matches("NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE");
        assertThat(table.get(1)).matches("host-ingress\\s+<none>\\s+alpaca.example.com\\s+80\\s+\\d+s");
        assertThat(ok("get", "ing", "host-ingress", "-o", "yaml")).contains("kind: Ingress")
                .contains("host: alpaca.example.com");
        assertThat(json("get", "ing", "-o", "json").path("kind").asString()).isEqualTo("List");
        assertThat(ok("get", "ing", "host-ingress", "-o", "wide")).contains("alpaca.example.com");
        assertThat(ok("get", "ing", "host-ingress", "-o", "jsonpath={.spec.defaultBackend.service.name}"))
                .isEqualTo("be-default");
        assertThat(ok("get", "all")).contains("deployment.apps/alpaca").contains("service/alpaca")
                .contains("pod/alpaca-");
        assertThat(ok("get", "namespaces")).contains("default").contains("kube-system");
    }

    @Test
    void describeShowsBackendsAndEvents() throws Exception {
        ok("apply", "-f", write("described.yaml", ingressYaml("described", "described.example.com")).toString());
        Ingress stored = ingress("described");
        sandbox.client().v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata()
                .withName("described.1").endMetadata().withType("Normal").withReason("Sync")
                .withMessage("Scheduled for sync").withNewInvolvedObject().withKind("Ingress")
                .withApiVersion("networking.k8s.io/v1").withNamespace("default").withName("described")
                .withUid(stored.getMetadata().getUid()).endInvolvedObject().withCount(1).build()).create();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String description;
        do {
            description = ok("describe", "ingress", "described");
        } while (!description.matches("(?s).*alpaca:8080 \\(127\\.0\\.0\\.1:\\d+.*") && System.nanoTime() < deadline
                && pause());
        assertThat(description).containsPattern("alpaca:8080 \\(127\\.0\\.0\\.1:\\d+")
                .containsPattern("Normal\\s+Sync\\s+.*Scheduled for sync");
    }

    @Test
    void watchesOverHttpAndWaits() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(KUBECTL.toString(), "get", "ingress", "-w")
                .redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        Process watch = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream()))) {
                in.lines().forEach(lines::add);
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(15, TimeUnit.SECONDS)).as("the header").startsWith("NAME");
            Thread.sleep(300);
            ok("apply", "-f", write("watched.yaml", ingressYaml("watched", "watched.example.com")).toString());
            String line;
            do {
                line = lines.poll(15, TimeUnit.SECONDS);
            } while (line != null && !line.startsWith("watched "));
            assertThat(line).as("the new Ingress arrives on the watch").isNotNull()
                    .matches("watched\\s+<none>\\s+watched.example.com\\s+80\\s+\\d+s");
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ok("wait", "--for=condition=Available", "deployment/bandicoot", "--timeout=30s"))
                .contains("deployment.apps/bandicoot condition met");
        ok("delete", "ingress", "watched", "--wait=false");
        ok("wait", "--for=delete", "ingress/watched", "--timeout=30s");
        assertThat(ingress("watched")).isNull();
    }

    @Test
    void logsShowThePodsRequestsAndWhatCannotBeDoneSaysSo() throws Exception {
        ok("wait", "--for=condition=Available", "deployment/alpaca", "--timeout=30s");
        String pod = ok("get", "pods", "-l", "app=alpaca", "-o", "jsonpath={.items[0].metadata.name}");
        int port = Integer.parseInt(ok("get", "pod", pod, "-o",
                "jsonpath={.metadata.annotations.ingress-lab\\.dev/sandbox-port}"));
        var http = java.net.http.HttpClient.newHttpClient();
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/logged"))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(ok("logs", pod)).containsPattern("GET 127.0.0.1:" + port + " /logged");
        assertThat(ok("get", "pod", pod, "-o", "jsonpath={.spec.containers[0].image}"))
                .as("the template's container").isEqualTo("gcr.io/kuar-demo/kuard-amd64:blue");

        Run exec = kubectl("exec", pod, "--", "ls");
        assertThat(exec.exit()).isNotZero();
        assertThat(exec.output()).contains("the sandbox's pods are simulated").contains("hint: reach the pod's server");
    }

    @Test
    void scaleMovesTheSimulatedPods() throws Exception {
        ok("apply", "-f", write("scaled.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: scaled}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: scaled}}
                  template:
                    metadata: {labels: {app: scaled}}
                    spec: {containers: [{name: web, image: kuard:blue}]}
                """).toString());
        assertThat(ok("scale", "deployment", "scaled", "--replicas=1")).contains("deployment.apps/scaled scaled");
        assertThat(ok("wait", "--for=jsonpath={.status.readyReplicas}=1", "deployment/scaled", "--timeout=30s"))
                .contains("condition met");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sandbox.client().pods().inNamespace("default").withLabel("app", "scaled").list().getItems().size() != 1
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sandbox.client().pods().inNamespace("default").withLabel("app", "scaled").list().getItems())
                .as("the simulated pods follow the scale").hasSize(1);
    }

    private static String ingressYaml(String name, String... hosts) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s}
                spec:
                  rules:
                """.formatted(name));
        for (String host : hosts) {
            yaml.append("""
                      - host: %s
                        http:
                          paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                    """.formatted(host));
        }
        return yaml.toString();
    }

    private static Ingress ingress(String name) {
        return sandbox.client().network().v1().ingresses().inNamespace("default").withName(name).get();
    }

    private static String sample(String name) {
        return Path.of("ch8", name).toAbsolutePath().toString();
    }

    private static Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(ok(args));
    }

    private static String ok(String... args) throws Exception {
        Run run = kubectl(args);
        assertThat(run.exit()).as("kubectl " + String.join(" ", args) + ": " + run.output()).isZero();
        return run.output();
    }

    private static Run kubectl(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private static Run run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--request-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), output.trim());
    }

    /** A self-signed certificate and its PKCS#8 key, PEM, as `openssl req -x509` writes them. */
    private static void writeSelfSigned(Path cert, Path key) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=alpaca.example.com");
        var now = new java.util.Date();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                now, new java.util.Date(now.getTime() + 86_400_000L), name, pair.getPublic());
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .build(pair.getPrivate());
        var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(builder.build(signer));
        var pkcs8 = new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null).generate();
        for (var entry : Map.of(cert, (Object) certificate, key, pkcs8).entrySet()) {
            try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(
                    entry.getKey()))) {
                writer.writeObject(entry.getValue());
            }
        }
    }
}
