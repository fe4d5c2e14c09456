package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress display: a spinner that lines scroll above on a terminal, one plain line elsewhere. */
class ProgressTest {

    @Test
    void elsewhereItSaysOnceWhatItWaitsForAndPassesLinesThrough() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        try (Progress progress = Progress.start(target, Colours.PLAIN, "starting the sandbox")) {
            progress.stream().println("sandbox API server on https://127.0.0.1:6443");
            progress.stream().print("a line in two ");
            progress.stream().println("writes");
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("starting the sandbox...\n"
                + "sandbox API server on https://127.0.0.1:6443\na line in two writes\n");
    }

    @Test
    void onATerminalTheSpinnerIsClearedBeforeEachLineAndAtTheEnd() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Colours terminal = Colours.decide(true, Map.of("NO_COLOR", "1"));

        try (Progress progress = Progress.start(target, terminal, "connecting to the cluster")) {
            // the spinner's own thread draws its first frame: wait for it (a sleep is no promise on a busy machine)
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!bytes.toString(StandardCharsets.UTF_8).contains("connecting to the cluster… ")
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            progress.stream().println("context kind-kind");
        }

        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("connecting to the cluster… ").contains("\r\u001b[Kcontext kind-kind\n")
                .endsWith("\r\u001b[K");
        assertThat(written).as("NO_COLOR: no colour, the spinner turns all the same").doesNotContain("\u001b[3");
        String afterEachClear = written.replace("\r\u001b[K", "\n");
        assertThat(afterEachClear.lines()).allMatch(line -> line.isEmpty() || line.equals("context kind-kind")
                || line.matches(". connecting to the cluster… \\d+\\.\\d s"));
        assertThat(Progress.start(target, Colours.decide(true, Map.of("TERM", "dumb")), "x")).satisfies(dumb -> {
            dumb.close();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("x...\n");
        });
    }
}
