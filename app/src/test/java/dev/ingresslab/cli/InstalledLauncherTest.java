package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * installers/launcher/ingress-lab, the command the installed copy puts on the PATH, run by sh in the layouts
 * jpackage makes (Linux: {@code lib/app} beside {@code lib/runtime}; macOS: {@code Contents/app} beside
 * {@code Contents/runtime/Contents/Home}), through a symlink as {@code /usr/bin/ingress-lab} is. The runtime's
 * {@code java} here is a stand-in that prints the arguments it was given (CI runs the real one from the .deb).
 */
class InstalledLauncherTest {

    private static final Path LAUNCHER = Path.of("..", "installers", "launcher", "ingress-lab").toAbsolutePath();

    @Test
    void throughTheLinkItRunsTheBundledJavaWithTheClonesDefaults(@TempDir Path temp) throws Exception {
        Path installation = temp.resolve("opt/ingress-lab");
        Path java = image(installation.resolve("lib"), "runtime/bin/java");
        Path link = Files.createSymbolicLink(Files.createDirectories(temp.resolve("usr/bin")).resolve("ingress-lab"),
                installation.resolve("lib/app/ingress-lab"));

        Result result = run(link, Map.of(), "demo", "--headless", "a b");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "java=" + java.toRealPath(),
                "-XX:MetaspaceSize=128m", "-XX:+UseParallelGC", "-Xmn64m",
                "-Dingress-lab.installation=" + installation.toRealPath(),
                "-jar", installation.resolve("lib/app/ingress-lab.jar").toRealPath().toString(),
                "demo", "--headless", "a b");
    }

    @Test
    void optionsOfTheUsersOwnComeAfterTheDefaultsOrReplaceThemWhenTheyChooseTheCollectorOrHeap(@TempDir Path temp)
            throws Exception {
        Path installation = temp.resolve("opt/ingress-lab");
        image(installation.resolve("lib"), "runtime/bin/java");
        Path launcher = installation.resolve("lib/app/ingress-lab");

        assertThat(run(launcher, Map.of("INGRESS_LAB_JAVA_OPTS", "-Dingress-lab.front=off"), "version").out()
                .lines().skip(1).limit(4)).containsExactly("-XX:MetaspaceSize=128m", "-XX:+UseParallelGC", "-Xmn64m",
                "-Dingress-lab.front=off");
        for (String own : List.of("-XX:+UseG1GC", "-Xmx1g", "-XX:NewSize=32m")) {
            assertThat(run(launcher, Map.of("INGRESS_LAB_JAVA_OPTS", own), "version").out().lines().skip(1).limit(3))
                    .as(own).containsExactly("-XX:MetaspaceSize=128m", own,
                            "-Dingress-lab.installation=" + installation.toRealPath());
        }
        assertThat(run(launcher, Map.of("INGRESS_LAB_JAVA_OPTS", "-XX:MetaspaceSize=64m"), "version").out().lines()
                .skip(1).limit(4)).as("the user's own metaspace threshold replaces the default")
                .containsExactly("-XX:+UseParallelGC", "-Xmn64m", "-XX:MetaspaceSize=64m",
                        "-Dingress-lab.installation=" + installation.toRealPath());
    }

    @Test
    void inTheMacAppItRunsTheRuntimeInsideTheBundle(@TempDir Path temp) throws Exception {
        Path contents = temp.resolve("Applications/Ingress Lab.app/Contents");
        Path java = image(contents, "runtime/Contents/Home/bin/java");
        Path link = Files.createSymbolicLink(Files.createDirectories(temp.resolve("usr/local/bin"))
                .resolve("ingress-lab"), contents.resolve("app/ingress-lab"));

        Result result = run(link, Map.of(), "version");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines()).contains("java=" + java.toRealPath(),
                "-Dingress-lab.installation=" + contents.toRealPath());
    }

    @Test
    void withoutItsRuntimeItSaysToReinstall(@TempDir Path temp) throws Exception {
        Path lib = temp.resolve("opt/ingress-lab/lib");
        image(lib, "runtime/bin/java");
        Files.delete(lib.resolve("runtime/bin/java"));

        Result result = run(lib.resolve("app/ingress-lab"), Map.of(), "version");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("ingress-lab: the bundled Java runtime is missing from "
                + lib.toRealPath() + "; reinstall Ingress Lab.\n");
    }

    /** An image under {@code root}: app/ingress-lab (the launcher), app/ingress-lab.jar, and a stand-in java. */
    private static Path image(Path root, String javaPath) throws IOException {
        Path app = Files.createDirectories(root.resolve("app"));
        Files.copy(LAUNCHER, app.resolve("ingress-lab"));
        Files.writeString(app.resolve("ingress-lab.jar"), "");
        Path java = root.resolve(javaPath);
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho \"java=$0\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path command, Map<String, String> env, String... args) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of("/bin/sh", command.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().remove("INGRESS_LAB_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err);
    }
}
