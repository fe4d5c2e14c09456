package dev.ingresslab.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The real kubectl (1.32, /usr/bin/kubectl) pointed at one kubeconfig, for tests: runs, and watches that stream. */
final class Kubectl {

    static final Path BINARY = Path.of("/usr/bin/kubectl");

    /** What kubectl printed (standard output and error together) and how it ended. */
    record Run(int exit, String output) {
    }

    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    /** Runs kubectl to its end (at most 90 s; each request may take 60 s on a loaded machine). */
    Run run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), output.trim());
    }

    /** Runs kubectl, which must succeed; its output. */
    String ok(String... args) throws IOException, InterruptedException {
        Run run = run(args);
        assertThat(run.exit()).as("kubectl " + String.join(" ", args) + ": " + run.output()).isZero();
        return run.output();
    }

    /** Starts a kubectl that streams ({@code get -w}); its lines arrive in {@link Stream#await}. */
    Stream stream(String... args) throws IOException {
        return new Stream(start(args));
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--request-timeout=60s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        return builder.start();
    }

    /** A running kubectl whose lines are read as they come; closing it ends the process. */
    static final class Stream implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Stream(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (IOException e) {
                    // the process ended
                }
            }, "kubectl-stream");
            reader.setDaemon(true);
            reader.start();
        }

        /** The first line from now on that matches, or null after {@code seconds}. */
        String await(Predicate<String> wanted, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                String line = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
            return null;
        }

        /** Every line read so far, for a failure's message. */
        List<String> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
