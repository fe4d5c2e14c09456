package dev.ingresslab.cli;

import picocli.CommandLine;

/** The {@code ingress-lab} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        dev.ingresslab.proxy.SelectorChoice.preferPoll(); // before anything opens a selector
        QuietLibraries.apply();
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code, for tests and for {@link #main}. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command writing to the given streams. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new IngressLabCommand());
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        commandLine.setParameterExceptionHandler(new FirstTries());
        return commandLine;
    }
}
