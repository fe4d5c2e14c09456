package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's build progress: Maven's output (as in a first build) turned into a few lines. */
class LauncherProgressTest {

    private static final Path LAUNCHER = Path.of("..", "ingress-lab");

    @Test
    void aLinePerModuleAndACountOfDownloads() throws Exception {
        StringBuilder maven = new StringBuilder("[INFO] Scanning for projects...\n");
        for (int i = 0; i < 120; i++) {
            maven.append("[INFO] Downloading from central: https://repo.maven.apache.org/f").append(i).append(".jar\n")
                    .append("[INFO] Downloaded from central: https://repo.maven.apache.org/f").append(i)
                    .append(".jar (3 kB at 1 MB/s)\n");
        }
        maven.append("[INFO] Building Ingress Lab proxy engine 0.1.0-SNAPSHOT                   [2/4]\n")
                .append("[INFO]   from proxy-engine/pom.xml\n[WARNING] noise\n")
                .append("[INFO] Building Ingress Lab application 0.1.0-SNAPSHOT                    [4/4]\n");

        String printed = progress(maven.toString());

        assertThat(printed.lines()).containsExactly(
                "ingress-lab: 50 files downloaded so far…",
                "ingress-lab: 100 files downloaded so far…",
                "ingress-lab: building module 2/4: Ingress Lab proxy engine (120 files downloaded so far)",
                "ingress-lab: building module 4/4: Ingress Lab application (120 files downloaded so far)");
    }

    @Test
    void oneDownloadIsOneFile() throws Exception {
        assertThat(progress("[INFO] Downloaded from central: https://x/a.pom (1 kB)\n"
                + "[INFO] Building Ingress Lab 0.1.0-SNAPSHOT                                [1/4]\n"))
                .isEqualTo("ingress-lab: building module 1/4: Ingress Lab (1 file downloaded so far)\n");
    }

    /** Runs the launcher's own progress function (cut from the script, as it is) on the given Maven output. */
    private static String progress(String mavenOutput) throws Exception {
        String script = Files.readString(LAUNCHER);
        String functions = cut(script, "progress() {") + cut(script, "downloaded() {");
        Process bash = new ProcessBuilder("/bin/bash", "-c", functions + "progress 2>&1").start();
        bash.getOutputStream().write(mavenOutput.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(printed).isZero();
        return printed;
    }

    private static String cut(String script, String start) {
        int from = script.indexOf("\n" + start) + 1;
        assertThat(from).as("the launcher defines " + start).isPositive();
        return script.substring(from, script.indexOf("\n}\n", from) + 3);
    }
}
