package dev.ingresslab.cli;

import picocli.CommandLine;

/** The {@code ingress-lab} command line. */
public final class Main {

    private Main() {
    }

    /** Held so the settings stay: java.util.logging keeps loggers only weakly. */
    private static final java.util.List<java.util.logging.Logger> QUIET_LIBRARIES = java.util.List.of(
            java.util.logging.Logger.getLogger("io.undertow"), java.util.logging.Logger.getLogger("org.xnio"));
    /** Undertow's proxy reports each failed upstream request; the access log and error pages say it better. */
    private static final java.util.logging.Logger UNDERTOW_PROXY = java.util.logging.Logger.getLogger("io.undertow.proxy");
    /** fabric8 logs a stack trace for every failed list or watch; Ingress Lab says what happened in one line. */
    private static final java.util.logging.Logger FABRIC8 = java.util.logging.Logger.getLogger("io.fabric8");

    public static void main(String[] args) {
        dev.ingresslab.proxy.SelectorChoice.preferPoll(); // before anything opens a selector
        // The libraries' start-up banners are noise on a command line; their warnings still show.
        QUIET_LIBRARIES.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        UNDERTOW_PROXY.setLevel(java.util.logging.Level.OFF);
        FABRIC8.setLevel(java.util.logging.Level.OFF);
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
