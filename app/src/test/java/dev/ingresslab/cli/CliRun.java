package dev.ingresslab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI run in this JVM as a user runs it ({@link Main#run}), its standard output and error kept as text: what the
 * commands' tests start from.
 */
final class CliRun {

    /** What a run gave: its exit code ({@link ExitCodes}), standard output and standard error. */
    record Result(int code, String out, String err) {
    }

    private CliRun() {
    }

    /** Runs {@code ingress-lab ARGS…} and returns what it printed, whatever its exit code. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@link #run}, which must exit 0 (the failure shows standard error). */
    static Result succeeds(String... args) {
        Result result = run(args);
        assertThat(result.code()).as("exit code of %s; stderr: %s", String.join(" ", args), result.err()).isZero();
        return result;
    }
}
