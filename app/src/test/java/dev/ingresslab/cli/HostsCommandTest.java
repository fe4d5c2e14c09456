package dev.ingresslab.cli;

import dev.ingresslab.core.SampleDeployer;
import dev.ingresslab.core.SampleSteps;
import dev.ingresslab.core.hosts.InProcessEscalator;
import dev.ingresslab.gui.Display;
import dev.ingresslab.hosts.HostsFile;
import dev.ingresslab.hosts.PrivilegeEscalator;
import dev.ingresslab.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #15 §6, §8: {@code ingress-lab hosts status|plan|sync|clean} end to end, on a hosts file in a temporary folder
 * (never the system's), with the chapter's manifests or the sandbox's Ingresses: what is printed, the exit code, and
 * the file's bytes.
 */
class HostsCommandTest {

    private static final Path CH8 = Path.of("..", "samples", "ch8").toAbsolutePath().normalize();
    private static final String ORIGINAL = "# the user's own file\n127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n"
            + "192.168.1.20 nas.home   # the NAS\n";

    @TempDir
    Path dir;

    private final InProcessEscalator escalator = new InProcessEscalator();

    @Test
    void statusPlanSyncCleanKeepEveryByteOutsideTheBlockAndSyncAgainChangesNothing() throws Exception {
        Path hosts = hostsFile(ORIGINAL);

        Result status = run(chapter("status", hosts));
        assertThat(status.code).as(status.err).isZero();
        assertThat(status.out).contains("hosts file " + hosts)
                .containsPattern("alpaca\\.example\\.com\\s+missing\\s+http://alpaca\\.example\\.com:8080/")
                .containsPattern("bandicoot\\.example\\.com\\s+missing\\s+http://bandicoot\\.example\\.com:8080/")
                .contains("The URLs name port 8080 (as asked): a hosts entry maps a name, never a port")
                .contains("rules without a host (and defaultBackends) take any name: http://127.0.0.1:8080/")
                .contains("`ingress-lab hosts sync` with the same -f or --context changes: add alpaca.example.com,"
                        + " bandicoot.example.com");

        Result plan = run(chapter("plan", hosts));
        assertThat(plan.code).as(plan.err).isZero();
        assertThat(plan.out).contains("+ 127.0.0.1 alpaca.example.com", "+ ::1 alpaca.example.com",
                "+ 127.0.0.1 bandicoot.example.com", "a new Ingress Lab block at the end of the file");
        assertThat(Files.readString(hosts)).as("plan writes nothing").isEqualTo(ORIGINAL);

        Result sync = run(chapter("sync", hosts));
        assertThat(sync.code).as(sync.err).isZero();
        String synced = Files.readString(hosts);
        assertThat(synced).startsWith(ORIGINAL).contains(HostsFile.BEGIN_MARKER, "127.0.0.1 alpaca.example.com",
                "::1 alpaca.example.com", "127.0.0.1 bandicoot.example.com", HostsFile.END_MARKER);
        assertThat(sync.out).contains(hosts + ": add alpaca.example.com, bandicoot.example.com (each to 127.0.0.1"
                + " and ::1)").contains(hosts + ": added alpaca.example.com, bandicoot.example.com")
                .contains("http://alpaca.example.com:8080/");
        assertThat(escalator.calls()).as("the file is writable: no prompt").isEmpty();
        assertThat(hosts.resolveSibling("hosts.ingress-lab.bak")).hasContent(ORIGINAL);

        Result again = run(chapter("sync", hosts));
        assertThat(again.code).isZero();
        assertThat(again.out).contains("nothing to change");
        assertThat(Files.readString(hosts)).isEqualTo(synced);

        Result after = run(chapter("status", hosts));
        assertThat(after.out).containsPattern("alpaca\\.example\\.com\\s+in the block\\s+http://alpaca")
                .contains("The block is up to date.");

        Result clean = run("hosts", "clean", "--hosts-file", hosts.toString());
        assertThat(clean.code).as(clean.err).isZero();
        assertThat(Files.readString(hosts)).as("byte for byte the file before").isEqualTo(ORIGINAL);
        assertThat(run("hosts", "clean", "--hosts-file", hosts.toString()).out).contains("has no Ingress Lab block");
    }

    @Test
    void aNameMappedElsewhereIsReportedWithItsLineAndTheLineIsLeftAlone() throws Exception {
        String original = "10.0.0.5 alpaca.example.com   # the team's staging\n" + ORIGINAL;
        Path hosts = hostsFile(original);

        Result status = run(chapter("status", hosts));
        assertThat(status.out).contains("mapped elsewhere: line 1 \"10.0.0.5 alpaca.example.com   # the team's"
                + " staging\"").contains("line 1 maps it to 10.0.0.5, so it does not reach Ingress Lab; edit that"
                + " line by hand");

        Result sync = run(chapter("sync", hosts));
        assertThat(sync.code).as(sync.err).isZero();
        assertThat(sync.out).contains("note: alpaca.example.com is also mapped by line 1");
        assertThat(Files.readString(hosts)).startsWith(original);
    }

    @Test
    void aFileThisUserMayNotWriteIsWrittenByTheHelperThroughOnePromptNamedBeforeIt() throws Exception {
        Path hosts = hostsFile(ORIGINAL);
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));

        Result sync = run(chapter("sync", hosts));

        assertThat(sync.code).as(sync.err + sync.out).isZero();
        assertThat(escalator.calls()).as("one prompt for the whole change").hasSize(1);
        assertThat(escalator.calls().get(0).argv()).contains(hosts.toAbsolutePath().toString(), "sync");
        assertThat(new String(escalator.calls().get(0).stdin(), StandardCharsets.US_ASCII))
                .contains("127.0.0.1 alpaca.example.com", "::1 bandicoot.example.com");
        int change = sync.out.indexOf(hosts + ": add alpaca.example.com");
        int asking = sync.out.indexOf("is read-only");
        assertThat(change).as(sync.out).isNotNegative();
        assertThat(asking).as("the file and the change are said before the prompt").isGreaterThan(change);
        assertThat(sync.out).contains("asking once for administrator rights (test-escalator)");
        assertThat(Files.readString(hosts)).startsWith(ORIGINAL).contains("127.0.0.1 bandicoot.example.com");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts))).as("mode kept")
                .isEqualTo("r--r--r--");
    }

    @Test
    void aDeclinedPromptAndAMissingEscalatorChangeNothingAndSayWhatToDo() throws Exception {
        Path hosts = hostsFile(ORIGINAL);
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("r--r--r--"));
        escalator.decline();

        Result declined = run(chapter("sync", hosts));
        Result none = run(() -> Optional.empty(), chapter("sync", hosts).toArray(String[]::new));

        assertThat(declined.code).isEqualTo(HostsCommand.NOT_CHANGED);
        assertThat(declined.err).contains("the administrator prompt was cancelled, so " + hosts + " is unchanged")
                .contains("curl --resolve");
        assertThat(none.code).isEqualTo(HostsCommand.NOT_CHANGED);
        assertThat(none.err).contains("is read-only").contains("found neither pkexec nor sudo");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void aDamagedBlockIsReportedAndNothingIsWritten() throws Exception {
        String damaged = ORIGINAL + HostsFile.BEGIN_MARKER + "\n127.0.0.1 alpaca.example.com\n";
        Path hosts = hostsFile(damaged);

        Result sync = run(chapter("sync", hosts));
        Result clean = run("hosts", "clean", "--hosts-file", hosts.toString());

        assertThat(sync.code).isEqualTo(HostsCommand.NOT_CHANGED);
        assertThat(sync.err).contains(hosts + ": line").contains("markers");
        assertThat(clean.code).isEqualTo(HostsCommand.NOT_CHANGED);
        assertThat(Files.readString(hosts)).isEqualTo(damaged);
    }

    @Test
    void badInputIsExitCode2WithWhatToDo() throws Exception {
        Path hosts = hostsFile(ORIGINAL);

        Result both = run("hosts", "status", "-f", CH8.resolve("host-ingress.yaml").toString(), "--context", "x",
                "--hosts-file", hosts.toString());
        Result folder = run("hosts", "sync", "-f", CH8.resolve("host-ingress.yaml").toString(), "--hosts-file",
                dir.toString());
        Result noFolder = run("hosts", "clean", "--hosts-file", dir.resolve("nope/hosts").toString());
        Result badManifest = run("hosts", "status", "-f", dir.resolve("missing.yaml").toString(), "--hosts-file",
                hosts.toString());
        Result badPort = run("hosts", "status", "-f", CH8.resolve("host-ingress.yaml").toString(), "--http-port",
                "0", "--hosts-file", hosts.toString());

        assertThat(both.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err).contains("give the Ingresses as files (-f) or as a cluster");
        assertThat(folder.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folder.err).contains(dir + " is a folder, not a file: give --hosts-file the path of the file itself");
        assertThat(noFolder.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noFolder.err).contains("does not exist");
        assertThat(badManifest.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badPort.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badPort.err).contains("--http-port must be from 1 to 65535");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void aContextsIngressesAreReadOnlyAndNamed() throws Exception {
        Path hosts = hostsFile(ORIGINAL);
        try (Sandbox sandbox = Sandbox.start(dir.resolve("kubeconfig"))) {
            SampleDeployer deployer = new SampleDeployer(sandbox.client(), new PrintStream(new ByteArrayOutputStream(),
                    true, StandardCharsets.UTF_8));
            deployer.deploy(SampleSteps.named("services"));
            deployer.deploy(SampleSteps.named("path"));
            String before = sandbox.client().network().v1().ingresses().inNamespace("default")
                    .withName("path-ingress").get().getMetadata().getResourceVersion();

            Result status = run("hosts", "status", "--kubeconfig", sandbox.kubeconfig().toString(), "--context",
                    Sandbox.CONTEXT, "--http-port", "8080", "--hosts-file", hosts.toString());

            assertThat(status.code).as(status.err).isZero();
            assertThat(status.out).contains("Ingresses of context " + Sandbox.CONTEXT).contains("(read only)")
                    .containsPattern("bandicoot\\.example\\.com\\s+missing\\s+http://bandicoot\\.example\\.com:8080/");
            // the header says what was read: every namespace, not the context's default one
            assertThat(status.out.lines().filter(line -> line.startsWith("Ingresses of")).toList())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .endsWith(", all namespaces (read only)").doesNotContain("namespace default");
            Result one = run("hosts", "status", "--kubeconfig", sandbox.kubeconfig().toString(), "--context",
                    Sandbox.CONTEXT, "-n", "default", "-n", "shop", "--http-port", "8080", "--hosts-file",
                    hosts.toString());
            assertThat(one.code).as(one.err).isZero();
            assertThat(one.out).contains(", namespaces default, shop (read only)")
                    .contains("bandicoot.example.com");
            assertThat(sandbox.client().network().v1().ingresses().inNamespace("default").withName("path-ingress")
                    .get().getMetadata().getResourceVersion()).as("nothing written to the cluster").isEqualTo(before);
            assertThat(sandbox.client().leases().inAnyNamespace().list().getItems()).as("no Lease taken").isEmpty();
        }
    }

    @Test
    void statusAsJsonIsOneDocumentOfAStableShape() throws Exception {
        Path hosts = hostsFile(ORIGINAL + "10.0.0.9 bandicoot.example.com\n");
        List<String> args = chapter("status", hosts);
        args.addAll(List.of("-o", "json"));

        Result json = run(args);

        assertThat(json.code).as(json.err).isZero();
        tools.jackson.databind.JsonNode status = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(json.out); // stdout is the document alone
        assertThat(status.propertyNames()).containsExactly("hostsFile", "exists", "readFrom", "httpPort",
                "portFrom", "names", "stale", "wildcards", "refused", "anyHost", "upToDate", "sync");
        assertThat(status.get("hostsFile").asString()).isEqualTo(hosts.toString());
        assertThat(status.get("exists").asBoolean()).isTrue();
        assertThat(status.get("readFrom").asString()).startsWith("files ").contains("host-ingress.yaml");
        assertThat(status.get("httpPort").asInt()).isEqualTo(8080);
        assertThat(status.get("portFrom").asString()).isEqualTo("as asked");
        assertThat(status.get("names")).hasSize(2);
        tools.jackson.databind.JsonNode alpaca = status.get("names").get(0);
        assertThat(alpaca.propertyNames()).containsExactly("name", "state", "inBlock", "reachesIngressLab",
                "elsewhere", "url", "ingresses");
        assertThat(alpaca.get("name").asString()).isEqualTo("alpaca.example.com");
        assertThat(alpaca.get("state").asString()).isEqualTo("missing");
        assertThat(alpaca.get("url").asString()).isEqualTo("http://alpaca.example.com:8080/");
        assertThat(alpaca.get("ingresses").get(0).asString()).contains("host-ingress");
        tools.jackson.databind.JsonNode bandicoot = status.get("names").get(1);
        assertThat(bandicoot.get("state").asString()).isEqualTo("elsewhere");
        assertThat(bandicoot.get("reachesIngressLab").asBoolean()).isFalse();
        assertThat(bandicoot.get("elsewhere").get(0).get("line").asInt()).isEqualTo(5);
        assertThat(bandicoot.get("elsewhere").get(0).get("address").asString()).isEqualTo("10.0.0.9");
        assertThat(bandicoot.get("elsewhere").get(0).get("text").asString()).isEqualTo("10.0.0.9"
                + " bandicoot.example.com");
        assertThat(status.get("anyHost").asBoolean()).isTrue();
        assertThat(status.get("upToDate").asBoolean()).isFalse();
        assertThat(status.get("sync").get("add").valueStream().map(tools.jackson.databind.JsonNode::asString))
                .containsExactly("alpaca.example.com", "bandicoot.example.com");
        assertThat(status.get("sync").get("remove")).isEmpty();

        assertThat(run(chapter("sync", hosts)).code).isZero();
        Result synced = run(args);
        tools.jackson.databind.JsonNode after = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(synced.out);
        assertThat(after.get("names").get(0).get("state").asString()).isEqualTo("in-block");
        assertThat(after.get("names").get(0).get("inBlock").asBoolean()).isTrue();
        assertThat(after.get("upToDate").asBoolean()).isTrue();

        List<String> yamlArgs = chapter("status", hosts);
        yamlArgs.addAll(List.of("-o", "yaml"));
        Result yaml = run(yamlArgs);
        assertThat(yaml.code).as(yaml.err).isZero();
        assertThat(yaml.out).startsWith("---\nhostsFile: \"" + hosts + "\"").contains("state: \"in-block\"");
        List<String> wideArgs = chapter("status", hosts);
        wideArgs.addAll(List.of("-o", "wide"));
        Result wide = run(wideArgs);
        assertThat(wide.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wide.err).contains("status prints text, json, yaml; -o wide is not one of them");
    }

    @Test
    void planAsJsonOrYamlIsTheLinesSyncWouldChangeAndWritesNothing() throws Exception {
        Path hosts = hostsFile(ORIGINAL + "10.0.0.9 bandicoot.example.com\n");
        List<String> args = chapter("plan", hosts);
        args.addAll(List.of("-o", "json"));

        Result json = run(args);

        assertThat(json.code).as(json.err).isZero();
        tools.jackson.databind.JsonNode plan = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(json.out); // stdout is the document alone
        assertThat(plan.propertyNames()).containsExactly("hostsFile", "exists", "readFrom", "httpPort", "portFrom",
                "upToDate", "add", "remove", "lines", "block", "conflicts");
        assertThat(plan.get("hostsFile").asString()).isEqualTo(hosts.toString());
        assertThat(plan.get("readFrom").asString()).startsWith("files ").contains("host-ingress.yaml");
        assertThat(plan.get("httpPort").asInt()).isEqualTo(8080);
        assertThat(plan.get("upToDate").asBoolean()).isFalse();
        assertThat(plan.get("add").valueStream().map(tools.jackson.databind.JsonNode::asString))
                .containsExactly("alpaca.example.com", "bandicoot.example.com");
        assertThat(plan.get("remove")).isEmpty();
        assertThat(plan.get("lines").valueStream().map(line -> line.get("change").asString() + " "
                + line.get("address").asString() + " " + line.get("name").asString())).containsExactly(
                "add 127.0.0.1 alpaca.example.com", "add ::1 alpaca.example.com",
                "add 127.0.0.1 bandicoot.example.com", "add ::1 bandicoot.example.com");
        assertThat(plan.get("block").asString()).isEqualTo("new");
        assertThat(plan.get("conflicts")).hasSize(1);
        assertThat(plan.get("conflicts").get(0).asString()).contains("bandicoot.example.com").contains("10.0.0.9");
        assertThat(json.err).as("the notes are not data").doesNotContain("The URLs name port");
        assertThat(hosts).as("a plan writes nothing").hasContent(ORIGINAL + "10.0.0.9 bandicoot.example.com\n");

        assertThat(run(chapter("sync", hosts)).code).isZero();
        List<String> yamlArgs = chapter("plan", hosts);
        yamlArgs.addAll(List.of("-o", "yaml"));
        Result yaml = run(yamlArgs);
        assertThat(yaml.code).as(yaml.err).isZero();
        tools.jackson.databind.JsonNode after = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml.out);
        assertThat(after.get("upToDate").asBoolean()).isTrue();
        assertThat(after.get("block").asString()).isEqualTo("unchanged");
        assertThat(after.get("lines")).isEmpty();
        List<String> wideArgs = chapter("plan", hosts);
        wideArgs.addAll(List.of("-o", "wide"));
        Result wide = run(wideArgs);
        assertThat(wide.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wide.err).contains("plan prints text, json, yaml; -o wide is not one of them");
    }

    @Test
    void theHelpSaysWhatIsWrittenBesideTheFileAndItIsSo() throws Exception {
        Result help = run("hosts", "--help");
        Result syncHelp = run("hosts", "sync", "--help");
        assertThat(help.out.replaceAll("\\s+", " ")).contains("keeps the file's previous content beside it as"
                + " <file>.ingress-lab.bak (a file that did not exist yet has no previous content, so none is"
                + " made)").contains("<file>.ingress-lab.lock").doesNotContain("kept as hosts.ingress-lab.bak.");
        assertThat(syncHelp.out.replaceAll("\\s+", " ")).contains("sudo asks for your password in this terminal"
                + " (where there is no sudo, pkexec asks in a dialog)").contains("Its folder must exist");

        Path folder = Files.createDirectories(dir.resolve("new"));
        Path hosts = folder.resolve("hosts");
        assertThat(run(chapter("sync", hosts)).code).isZero();
        assertThat(hosts).exists();
        assertThat(folder.resolve("hosts.ingress-lab.bak")).as("a new file: no backup").doesNotExist();
        assertThat(folder.resolve("hosts.ingress-lab.lock")).exists();
        String first = Files.readString(hosts);
        assertThat(run("hosts", "clean", "--hosts-file", hosts.toString()).code).isZero();
        assertThat(folder.resolve("hosts.ingress-lab.bak")).as("the previous content").hasContent(first);
    }

    private List<String> chapter(String command, Path hosts) {
        return new ArrayList<>(List.of("hosts", command, "-f", CH8.resolve("services.yaml").toString(), "-f",
                CH8.resolve("host-ingress.yaml").toString(), "-f", CH8.resolve("path-ingress.yaml").toString(),
                "--http-port", "8080", "--hosts-file", hosts.toString()));
    }

    private Path hostsFile(String content) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        return Files.writeString(folder.resolve("hosts"), content);
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    private Result run(String... args) {
        return run(() -> Optional.of(escalator), args);
    }

    /** Runs the command line with the given escalator in every {@code hosts} subcommand. */
    private static Result run(Supplier<Optional<PrivilegeEscalator>> escalator, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Object made = type == HostsCommand.Status.class ? new HostsCommand.Status(escalator)
                        : type == HostsCommand.Plan.class ? new HostsCommand.Plan(escalator)
                        : type == HostsCommand.Sync.class ? new HostsCommand.Sync(escalator)
                        : type == HostsCommand.Clean.class ? new HostsCommand.Clean(escalator)
                        : defaults.create(type);
                return type.cast(made);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Display.none("tests"), factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
