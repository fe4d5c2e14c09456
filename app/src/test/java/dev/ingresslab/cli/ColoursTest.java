package dev.ingresslab.cli;

import dev.ingresslab.control.RouteRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Colours only on a terminal, never with NO_COLOR or TERM=dumb: the rule ({@link Colours#decide}), what it does to a
 * table, and a real process on a pseudo-terminal ({@code script}), with and without the variables.
 */
class ColoursTest {

    @TempDir
    Path home;

    private static final String ESC = "\u001b[";

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrDumbTerm() {
        assertThat(Colours.decide(true, Map.of("TERM", "xterm-256color")).enabled()).isTrue();
        assertThat(Colours.decide(false, Map.of("TERM", "xterm-256color")).enabled()).isFalse();
        assertThat(Colours.decide(true, Map.of("NO_COLOR", "1")).enabled()).isFalse();
        assertThat(Colours.decide(true, Map.of("NO_COLOR", "no")).enabled()).as("any value but empty").isFalse();
        assertThat(Colours.decide(true, Map.of("NO_COLOR", "")).enabled()).as("empty: as if unset").isTrue();
        assertThat(Colours.decide(true, Map.of("TERM", "dumb")).enabled()).isFalse();
        assertThat(Colours.decide(true, Map.of("TERM", "dumb")).terminal()).isTrue();
    }

    @Test
    void aTableIsColouredOnlyWhenColoursAreOnAndReadsTheSameWithout() {
        List<RouteRow> rows = List.of(new RouteRow("a.example.com", "/", "Prefix", "default", "web:80", 0, 0,
                "Ingress", "default/web", 0, 0, null, "r", List.of("the Service default/web has no endpoints")));
        String on = new RouteTable(Colours.decide(true, Map.of()), false).render(rows);
        String off = new RouteTable(Colours.PLAIN, false).render(rows);

        assertThat(on).contains(ESC + "1ma.example.com").contains(ESC + "31m0/0").contains(ESC + "33mwarning:");
        assertThat(off).doesNotContain(ESC);
        assertThat(on.replaceAll("\u001b\\[[0-9;]*m", "")).as("colour never carries meaning alone").isEqualTo(off);
        assertThat(Colours.decide(true, Map.of()).status(503)).isEqualTo(ESC + "31m503" + ESC + "0m");
        assertThat(Colours.PLAIN.status(503)).isEqualTo("503");
    }

    /** Runs {@code routes -f} in a new JVM, under {@code script} (a pseudo-terminal) when asked. */
    private String routes(boolean terminal, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "routes", "-f",
                Path.of("../samples/ch8/services.yaml").toAbsolutePath().toString(), "-f",
                Path.of("../samples/ch8/host-ingress.yaml").toAbsolutePath().toString());
        List<String> full = new ArrayList<>();
        if (terminal) {
            full.addAll(List.of("script", "-qec", String.join(" ", command.stream().map(word -> "'" + word + "'")
                    .toList()), "/dev/null"));
        } else {
            full.addAll(command);
        }
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("INGRESS_LAB_HOME", home.toString());
        builder.environment().remove("NO_COLOR");
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("alpaca.example.com");
        return output;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRealTerminalGetsColoursAndNoColorDumbTermAndPipesGetNone() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "util-linux script is needed for a pseudo-terminal");

        assertThat(routes(true, Map.of())).contains(ESC + "1malpaca.example.com");
        assertThat(routes(true, Map.of("NO_COLOR", "1"))).doesNotContain(ESC);
        assertThat(routes(true, Map.of("TERM", "dumb"))).doesNotContain(ESC);
        assertThat(routes(false, Map.of())).doesNotContain(ESC);
    }
}
