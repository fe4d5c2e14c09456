package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ingress-lab version}: the version, the commit the build baked in, and the runtime (bundled or not). */
class VersionCommandTest {

    @Test
    void versionPrintsTheCommitOfThisCheckoutAndTheSystemsJava() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "version");

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("Ingress Lab ");
        // the tests run from target/classes: no jar manifest, so no version
        assertThat(lines.get(0)).isEqualTo("Ingress Lab (development build)");
        String head = gitHead();
        if (head != null) { // a clone: the build wrote the commit it was made from (a commit made while the tests
                            // run moves HEAD past it, and this fails: run them again)
            assertThat(lines.get(1)).startsWith("commit:  " + head + " (");
        } else { // a source tarball
            assertThat(lines.get(1)).isEqualTo("commit:  unknown (built without git: a source tarball)");
        }
        assertThat(lines.get(2)).isEqualTo("runtime: " + System.getProperty("java.vendor") + " "
                + System.getProperty("java.runtime.version") + " at " + System.getProperty("java.home")
                + " (the system's Java, not a bundled runtime)");
    }

    @Test
    void jsonAndYamlCarryTheDataOfTheTextLinesFieldByField() {
        String text = run("version");
        String json = run("version", "-o", "json");
        String yaml = run("version", "-o", "yaml");

        JsonNode document = JsonMapper.builder().build().readTree(json);
        assertThat(document.propertyNames()).containsExactly("version", "commit", "commitTime", "dirty", "runtime");
        assertThat(document.get("version").isNull()).as("a development build has no version").isTrue();
        List<String> lines = text.lines().toList();
        if (document.get("commit").isNull()) {
            assertThat(lines.get(1)).isEqualTo("commit:  unknown (built without git: a source tarball)");
        } else {
            assertThat(lines.get(1)).startsWith("commit:  " + document.get("commit").asString() + " ("
                    + document.get("commitTime").asString() + ")");
            assertThat(lines.get(1).endsWith("with uncommitted changes")).isEqualTo(document.get("dirty")
                    .asBoolean());
        }
        JsonNode runtime = document.get("runtime");
        assertThat(runtime.get("vendor").asString()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(runtime.get("version").asString()).isEqualTo(System.getProperty("java.runtime.version"));
        assertThat(runtime.get("home").asString()).isEqualTo(System.getProperty("java.home"));
        assertThat(runtime.get("installation").isNull()).isTrue();
        assertThat(runtime.get("bundled").asBoolean()).isFalse();
        assertThat(YAMLMapper.builder().build().readTree(yaml)).as("the same data as YAML").isEqualTo(document);
    }

    @Test
    void anOutputFormatVersionDoesNotPrintIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "version", "-o", "wide");

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("version prints text, json, yaml; -o wide is not one of them");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(err.toString()).isEmpty();
        return out.toString();
    }

    @Test
    void theVersionOptionPrintsWhatTheCommandPrints() {
        StringWriter command = new StringWriter();
        StringWriter option = new StringWriter();
        Main.run(new PrintWriter(command, true), new PrintWriter(new StringWriter(), true), "version");
        int code = Main.run(new PrintWriter(option, true), new PrintWriter(new StringWriter(), true), "--version");

        assertThat(code).isZero();
        assertThat(option.toString()).isEqualTo(command.toString());
    }

    @Test
    void aBuildWithoutGitSaysTheCommitIsUnknown() {
        BuildInfo tarball = BuildInfo.of("0.1.0", new Properties());

        assertThat(tarball.commit()).isNull();
        assertThat(tarball.versionText()).isEqualTo("0.1.0");
        assertThat(tarball.commitText()).isEqualTo("unknown (built without git: a source tarball)");
        assertThat(BuildInfo.of(null, new Properties()).versionText()).isEqualTo("(development build)");
        assertThat(BuildInfo.of(" ", new Properties()).versionText()).isEqualTo("(development build)");
    }

    @Test
    void aBuildFromAWorkTreeWithChangesSaysSo() {
        Properties file = new Properties();
        file.setProperty("git.commit.id", "4787c0596f33969c222beaa19a8ded4086f55b23");
        file.setProperty("git.commit.time", "2026-11-30T00:16:23Z");
        file.setProperty("git.dirty", "true");

        assertThat(BuildInfo.of("0.1.0", file).commitText())
                .isEqualTo("4787c0596f33969c222beaa19a8ded4086f55b23 (2026-11-30T00:16:23Z), with uncommitted changes");
        file.setProperty("git.dirty", "false");
        assertThat(BuildInfo.of("0.1.0", file).commitText())
                .isEqualTo("4787c0596f33969c222beaa19a8ded4086f55b23 (2026-11-30T00:16:23Z)");
    }

    @Test
    void aRuntimeInsideTheInstallationIsBundledThroughLinksToo(@TempDir Path temp) throws IOException {
        Path installation = Files.createDirectories(temp.resolve("opt/ingress-lab"));
        Path runtime = Files.createDirectories(installation.resolve("lib/runtime"));
        Path link = Files.createSymbolicLink(temp.resolve("linked"), installation);

        RuntimeInfo bundled = RuntimeInfo.of(system(runtime, link));

        assertThat(bundled.bundled()).isTrue();
        assertThat(bundled.text()).isEqualTo("Eclipse Adoptium 17.0.15+6 at " + runtime + " (bundled with Ingress Lab)");
    }

    @Test
    void anInstalledCopyOnAnotherJavaSaysItIsNotTheBundledOne(@TempDir Path temp) throws IOException {
        Path installation = Files.createDirectories(temp.resolve("opt/ingress-lab"));
        Path other = Files.createDirectories(temp.resolve("usr/lib/jvm/java-17"));
        // a sibling whose name starts with the installation's is outside it
        Path sibling = Files.createDirectories(temp.resolve("opt/ingress-lab-old/lib/runtime"));

        assertThat(RuntimeInfo.of(system(other, installation)).text()).isEqualTo("Eclipse Adoptium 17.0.15+6 at "
                + other + " (not the runtime bundled in " + installation + ")");
        assertThat(RuntimeInfo.of(system(sibling, installation)).bundled()).isFalse();
    }

    @Test
    void withoutAnInstallationTheRuntimeIsTheSystems(@TempDir Path temp) {
        Properties system = system(temp, null);

        RuntimeInfo runtime = RuntimeInfo.of(system);

        assertThat(runtime.bundled()).isFalse();
        assertThat(runtime.installation()).isNull();
        assertThat(runtime.text()).endsWith("(the system's Java, not a bundled runtime)");
    }

    private static Properties system(Path javaHome, Path installation) {
        Properties system = new Properties();
        system.setProperty("java.home", javaHome.toString());
        system.setProperty("java.vendor", "Eclipse Adoptium");
        system.setProperty("java.runtime.version", "17.0.15+6");
        if (installation != null) {
            system.setProperty(RuntimeInfo.INSTALLATION_PROPERTY, installation.toString());
        }
        return system;
    }

    /** HEAD of the checkout the tests run in, or null without git or .git (a source tarball). */
    private static String gitHead() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in app/
        if (!Files.exists(root.resolve(".git"))) {
            return null;
        }
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").redirectErrorStream(true)
                    .start();
        } catch (IOException noGit) {
            return null;
        }
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return git.exitValue() == 0 ? head : null;
    }
}
