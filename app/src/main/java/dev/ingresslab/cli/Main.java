package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
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
        return commandLine(Display.current()).execute(args);
    }

    /** Runs a command writing to the given streams. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return run(Display.current(), out, err, args);
    }

    /** Runs a command writing to the given streams, with the display given (tests: {@link Display#none}). */
    static int run(Display display, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(display);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(Display.current());
    }

    static CommandLine commandLine(Display display) {
        return commandLine(display, CommandLine.defaultFactory());
    }

    /**
     * The command line with a factory of its own for the subcommands (tests: a {@code hosts sync} whose privilege
     * escalator records the call).
     */
    static CommandLine commandLine(Display display, CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new IngressLabCommand(display), factory);
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        commandLine.setParameterExceptionHandler(new FirstTries());
        return commandLine;
    }
}
