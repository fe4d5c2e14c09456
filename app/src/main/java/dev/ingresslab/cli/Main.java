package dev.ingresslab.cli;

import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.gui.Display;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

/** The {@code ingress-lab} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        dev.ingresslab.proxy.SelectorChoice.preferPoll(); // before anything opens a selector
        QuietLibraries.apply();
        System.exit(run(args));
    }

    /**
     * Runs a command and returns its exit code, for tests and for {@link #main}; the command line is built with the
     * subcommands {@code args} need ({@link CommandTree}).
     */
    public static int run(String... args) {
        return commandLine(Display.current(), DataDirectory.resolve(), Colours.detect(), CommandLine.defaultFactory(),
                CommandTree.neededFor(args)).execute(args);
    }

    /** Runs a command writing to the given streams. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return run(Display.current(), out, err, args);
    }

    /**
     * Runs a command writing to the given streams, with the display given (tests: {@link Display#none}); not a
     * terminal, so without colours.
     */
    static int run(Display display, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return run(display, DataDirectory.resolve(), out, err, args);
    }

    /** As {@link #run(Display, java.io.PrintWriter, java.io.PrintWriter, String...)}, on the data directory given. */
    static int run(Display display, Path dataDirectory, java.io.PrintWriter out, java.io.PrintWriter err,
                   String... args) {
        CommandLine commandLine = commandLine(display, dataDirectory, Colours.PLAIN, CommandLine.defaultFactory(),
                CommandTree.neededFor(args));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(Display.current());
    }

    static CommandLine commandLine(Display display) {
        return commandLine(display, DataDirectory.resolve(), Colours.detect(), CommandLine.defaultFactory());
    }

    /** The command line with its conventions applied ({@link Conventions}). */
    static CommandLine commandLine(Display display, Path dataDirectory, Colours colours) {
        return commandLine(display, dataDirectory, colours, CommandLine.defaultFactory());
    }

    /**
     * The command line with a factory of its own for the subcommands (tests: a {@code hosts sync} whose privilege
     * escalator records the call).
     */
    static CommandLine commandLine(Display display, CommandLine.IFactory factory) {
        return commandLine(display, DataDirectory.resolve(), Colours.detect(), factory);
    }

    /**
     * The whole command line with its conventions applied ({@link Conventions}) and the given subcommand factory.
     */
    static CommandLine commandLine(Display display, Path dataDirectory, Colours colours,
                                   CommandLine.IFactory factory) {
        return commandLine(display, dataDirectory, colours, factory, CommandTree.whole());
    }

    /**
     * The command line with only the given subcommands under the top command ({@link CommandTree#neededFor}), with
     * its conventions applied ({@link Conventions}).
     */
    static CommandLine commandLine(Display display, Path dataDirectory, Colours colours,
                                   CommandLine.IFactory factory, List<Class<?>> subcommands) {
        CommandLine commandLine = CommandTree.withSubcommands(
                new CommandLine(new IngressLabCommand(display, dataDirectory, colours), factory), subcommands);
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        commandLine.setParameterExceptionHandler(new FirstTries());
        Conventions.apply(commandLine, colours);
        return commandLine;
    }
}
