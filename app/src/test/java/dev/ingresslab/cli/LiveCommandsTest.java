package dev.ingresslab.cli;

import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import dev.ingresslab.control.LiveInstance;
import dev.ingresslab.gui.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code routes}, {@code requests}, {@code explain} and {@code instances} end to end against a running instance (a
 * session serving manifests through the real proxy, with its control endpoint, in a temporary data directory), and
 * their exit codes when there is none, several, or bad input.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveCommandsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private Path data;
    private LiveInstance instance;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        data = dir.resolve("data");
        instance = LiveInstance.start(dir, data, "web.example.com", ExplainCommand::explainOn);
    }

    @AfterEach
    void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private Result run(String... args) {
        return run(data, args);
    }

    static Result run(Path dataDirectory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(Display.none("tests"), dataDirectory, new PrintWriter(out, true), new PrintWriter(err,
                true), args);
        Result result = new Result(code, out.toString(), err.toString());
        assertThat(result.out + result.err).as("no escape codes where there is no terminal").doesNotContain("\u001b");
        return result;
    }

    private String instanceName() {
        return "serve on port " + instance.httpPort() + " (pid " + ProcessHandle.current().pid() + ")";
    }

    @Test
    void routesPrintsATablePerHostFromTheRunningInstanceAndSaysWhichItRead() {
        Result text = run("routes");

        assertThat(text.code).isZero();
        assertThat(text.err).contains("the routes in force in " + instanceName());
        assertThat(text.out.lines().toList()).containsSubsequence(
                "web.example.com",
                "  PATH      TYPE    BACKEND             ENDPOINTS  OBJECT",
                "  /         Prefix  default/web:http    1/1        Ingress default/web",
                "  /missing  Exact   default/nothing:80  0/0        Ingress default/web");
        assertThat(text.out).contains("    warning: ").contains("nothing");

        Result wide = run("routes", "-o", "wide");
        assertThat(wide.out).contains("RULE").contains("rule 0 path 1").contains("web.example.com.yaml:13");
    }

    @Test
    void routesJsonAndYamlCarryTheSameRows() throws Exception {
        JsonNode json = JSON.readTree(run("routes", "-o", "json").out);
        JsonNode yaml = YAMLMapper.builder().build().readTree(run("routes", "-o", "yaml").out);

        assertThat(json.propertyNames()).as("a serve of files: no context")
                .containsExactly("source", "files", "instance", "state", "routes", "diagnostics");
        assertThat(json.get("source").asString()).isEqualTo("files");
        assertThat(json.get("files").get(0).asString()).isEqualTo(dir.resolve("web.example.com.yaml").toString());
        assertThat(json.get("state").asString()).isEqualTo("RUNNING");
        assertThat(json.get("instance").get("httpPort").asInt()).isEqualTo(instance.httpPort());
        assertThat(json.get("routes")).hasSize(2);
        JsonNode root = json.get("routes").get(0);
        assertThat(root.get("host").asString()).isEqualTo("web.example.com");
        assertThat(root.get("path").asString()).isEqualTo("/");
        assertThat(root.get("endpointsReady").asInt()).isEqualTo(1);
        assertThat(root.get("ingress").asString()).isEqualTo("default/web");
        assertThat(root.get("rule").asInt()).isZero();
        assertThat(yaml.get("routes")).isEqualTo(json.get("routes"));
        assertThat(run("routes", "-o", "xml").code).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void routesFromManifestsNeedsNoInstance() throws Exception {
        Result offline = run(dir.resolve("empty-data"), "routes", "-f", "../samples/ch8/services.yaml", "-f",
                "../samples/ch8/host-ingress.yaml", "-o", "json");

        assertThat(offline.code).isZero();
        assertThat(offline.err).contains("the routes the manifests compile to");
        JsonNode json = JSON.readTree(offline.out);
        assertThat(json.propertyNames()).as("no instance, state or context: files have none")
                .containsExactly("source", "files", "routes", "diagnostics");
        assertThat(json.get("source").asString()).isEqualTo("files");
        assertThat(json.get("files").valueStream().map(JsonNode::asString).toList()).containsExactly(
                Path.of("../samples/ch8/services.yaml").toAbsolutePath().normalize().toString(),
                Path.of("../samples/ch8/host-ingress.yaml").toAbsolutePath().normalize().toString());
        assertThat(json.get("routes").findValuesAsString("host")).contains("alpaca.example.com", "*");

        Result yaml = run(dir.resolve("empty-data"), "routes", "-f", "../samples/ch8/host-ingress.yaml", "-o",
                "yaml");
        assertThat(yaml.code).isZero();
        JsonNode document = YAMLMapper.builder().build().readTree(yaml.out);
        assertThat(document.propertyNames()).containsExactly("source", "files", "routes", "diagnostics");
        assertThat(document.get("source").asString()).isEqualTo("files");
    }

    @Test
    void routesOfFilesThatServeNothingSaySoWithoutPointingAtACluster() throws Exception {
        Path nothing = dir.resolve("services-only.yaml");
        Files.writeString(nothing, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports:
                  - port: 80
                """);
        for (String format : List.of("text", "wide")) {
            Result empty = run(dir.resolve("empty-data"), "routes", "-f", nothing.toString(), "-o", format);
            assertThat(empty.code).isZero();
            assertThat(empty.out).isEqualTo("no routes: the files hold no Ingress or HTTPRoute that is served (an"
                    + " Ingress of another class, or an HTTPRoute whose Gateway the files lack or is of another class,"
                    + " is not ours; `ingress-lab lint PATH…` says why of each)\n");
        }
        JsonNode json = JSON.readTree(run(dir.resolve("empty-data"), "routes", "-f", nothing.toString(), "-o",
                "json").out);
        assertThat(json.get("routes")).isEmpty();
        assertThat(json.get("files").get(0).asString()).isEqualTo(nothing.toString());
    }

    @Test
    void requestsNamesTheRuleOfEachAndFiltersBySince() throws Exception {
        assertThat(instance.get("web.example.com", "/a")).isEqualTo(200);
        assertThat(instance.get("nowhere.example.com", "/b")).isEqualTo(404);
        instance.awaitJournal(2);

        Result text = run("requests");
        assertThat(text.code).isZero();
        assertThat(text.err).contains("the requests of " + instanceName());
        assertThat(text.out.lines().toList()).hasSize(2);
        assertThat(text.out.lines().toList().get(0)).contains(" 200 GET web.example.com/a  default/web rule 0 path 0"
                + " (Prefix /) -> web:http");
        assertThat(text.out.lines().toList().get(1)).contains(" 404 GET nowhere.example.com/b  no rule matches host"
                + " nowhere.example.com");

        Result json = run("requests", "-o", "json", "--since", "1h");
        List<JsonNode> lines = json.out.lines().map(JSON::readTree).toList();
        assertThat(lines).extracting(line -> line.get("status").asInt()).containsExactly(200, 404);
        assertThat(lines.get(0).get("route").asString()).startsWith("default/web rule 0 path 0");

        assertThat(run("requests", "--since", "1ms").out).as("--since leaves the older ones out").isEmpty();
    }

    @Test
    void requestsWritesHar12ThatAHarReaderReadsStrictly() throws Exception {
        assertThat(instance.get("web.example.com", "/page")).isEqualTo(200);
        instance.awaitJournal(1);
        Path file = dir.resolve("requests.har");

        Result result = run("requests", "--har", file.toString());

        assertThat(result.code).isZero();
        assertThat(result.out).contains("wrote " + file + ": 1 request as HAR 1.2");
        Har har = new HarReader().readFromFile(file.toFile(), HarReaderMode.STRICT);
        assertThat(har.log().version()).isEqualTo("1.2");
        assertThat(har.log().entries()).singleElement().satisfies(entry -> {
            assertThat(entry.request().url()).isEqualTo("http://web.example.com/page");
            assertThat(entry.response().status()).isEqualTo(200);
        });
        assertThat(run("requests", "--har", file.toString()).out).as("an existing file is named as replaced")
                .startsWith("replaced " + file);

        Result piped = run("requests", "--har", "-");
        assertThat(piped.code).isZero();
        assertThat(Files.exists(Path.of("-"))).as("no file named -").isFalse();
        Har printed = new HarReader().readFromString(piped.out, HarReaderMode.STRICT);
        assertThat(printed.log().entries()).singleElement()
                .satisfies(entry -> assertThat(entry.request().url()).isEqualTo("http://web.example.com/page"));
    }

    @Test
    void requestsBadInputIsExitCode2AHarInAFileToo() throws Exception {
        Result since = run("requests", "--since", "5 minutes");
        assertThat(since.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(since.err).contains("--since takes a duration such as 30s, 5m, 2h or 1h30m");

        assertThat(run("requests", "-o", "yaml").err).contains("requests prints text, json; -o yaml is not one");
        assertThat(run("requests", "--har", dir.toString()).err).contains("is a folder");
        assertThat(run("requests", "--har", "x.har", "--follow").code).isEqualTo(ExitCodes.BAD_INPUT);

        // a --har in a file (not a folder) is bad input, said before the instance is asked (FileToWrite, #15)
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Result unwritable = run("requests", "--har", notAFolder.resolve("requests.har").toString());
        assertThat(unwritable.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unwritable.err).contains("ingress-lab requests: " + notAFolder + " is a file, not a folder, so "
                + notAFolder.resolve("requests.har") + " cannot be made in it: give --har a path in a folder");
    }

    @Test
    void requestsFollowPrintsNewRequestsUntilTheInstanceStops() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> Main.run(Display.none("tests"), data,
                new PrintWriter(out, true), new PrintWriter(err, true), "requests", "--follow"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains("/late") && System.nanoTime() < deadline) {
            instance.get("web.example.com", "/late");
            Thread.sleep(300);
        }
        assertThat(out.toString()).contains(" 200 GET web.example.com/late  default/web rule 0 path 0");

        instance.close();
        instance = null;

        assertThat(follow.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).contains("stopped");
    }

    @Test
    void explainWithoutManifestsReadsTheTableInForceAndSaysSo() throws Exception {
        Path manifests = dir.resolve("web.example.com.yaml");
        Result live = run("explain", "http://web.example.com/missing", "http://other.example.com/");
        Result offline = run(dir.resolve("empty-data"), "explain", "-f", manifests.toString(),
                "http://web.example.com/missing", "http://other.example.com/");

        assertThat(live.code).isZero();
        assertThat(live.err).contains("explaining on the routes in force in " + instanceName());
        assertThat(live.out).as("the same engine on the same table").isEqualTo(offline.out);
        assertThat(live.out).contains("default/web rule 0 path 1 (Exact /missing)");

        JsonNode json = JSON.readTree(run("explain", "-o", "json", "-H", "Host: web.example.com",
                "http://127.0.0.1/x").out);
        assertThat(json.get(0).get("ingress").asString()).isEqualTo("default/web");
        assertThat(json.get(0).get("outcome").asString()).isEqualTo("routed");
        JsonNode yaml = YAMLMapper.builder().build().readTree(run("explain", "-o", "yaml", "-H",
                "Host: web.example.com", "http://127.0.0.1/x").out);
        assertThat(yaml).as("asked as JSON from the instance, printed as YAML").isEqualTo(json);

        Result setting = run("explain", "--https-port", "8443", "http://web.example.com/");
        assertThat(setting.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(setting.err).contains("--https-port applies to the manifests given with -f");
        assertThat(run("routes", "--ignore-classless").err).contains("--ignore-classless applies to the manifests"
                + " given with -f");

        Result badUrl = run("explain", "web.example.com/x");
        assertThat(badUrl.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badUrl.err).contains("not an absolute URL");
    }

    @Test
    void withoutAnInstanceTheLiveCommandsFailWithExitCode1AndSayWhatToStart() {
        Path none = dir.resolve("no-instance");
        for (String[] args : List.of(new String[] {"routes"}, new String[] {"requests"},
                new String[] {"explain", "http://x/"})) {
            Result result = run(none, args);
            assertThat(result.code).as("%s", List.of(args)).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.err).as("%s", List.of(args)).contains("no running Ingress Lab")
                    .contains("`ingress-lab demo`");
        }
        assertThat(run(none, "instances").out).contains("no Ingress Lab runs");
    }

    @Test
    void withSeveralInstancesTheCommandsAskWhichAndInstanceChooses() throws Exception {
        try (LiveInstance second = LiveInstance.start(dir, data, "other.example.com", ExplainCommand::explainOn)) {
            Result ambiguous = run("routes");
            assertThat(ambiguous.code).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(ambiguous.err).contains("2 Ingress Labs run: choose one with --instance")
                    .contains("serve on port " + instance.httpPort()).contains("serve on port " + second.httpPort());

            Result chosen = run("routes", "--instance", String.valueOf(second.httpPort()));
            assertThat(chosen.code).isZero();
            assertThat(chosen.out).contains("other.example.com").doesNotContain("web.example.com");

            Result unknown = run("requests", "--instance", "1");
            assertThat(unknown.code).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(unknown.err).contains("no running Ingress Lab has pid or HTTP port 1");

            JsonNode listed = JSON.readTree(run("instances", "-o", "json").out);
            assertThat(listed.findValuesAsString("command")).containsExactly("serve", "serve");
            assertThat(listed.toString()).doesNotContain(second.control().file().token());
            assertThat(run("instances").out).contains("PID").contains(String.valueOf(second.httpPort()));
        }
    }
}
