package dev.ingresslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which of the top command's subcommands ({@link IngressLabCommand#SUBCOMMANDS}) a command line is built with. picocli
 * 4 has no lazy subcommands: building a command reflects over its class, its options, mixins and subcommands, and
 * loads the classes they name, for the whole tree. A run of {@code demo} needs {@code demo} alone, and parses,
 * answers {@code demo --help} and reports its mistakes exactly as the whole tree does: a subcommand's help, errors
 * and suggestions are its own (docs/benchmarks.md, "Session 12: time to ready").
 *
 * <p>The whole tree is built when the arguments need it: the top command's help or version ({@code --help}, {@code
 * -V}), {@code help} and {@code completion} (they read every command), and any first word that names no subcommand
 * (picocli's "did you mean" suggestions list them all).
 */
final class CommandTree {

    /** The subcommands that read the whole tree. */
    private static final Set<Class<?>> READ_THE_TREE = Set.of(CommandLine.HelpCommand.class,
            CompletionCommand.class);

    private CommandTree() {
    }

    /** Every subcommand, in the order the top command's help lists them. */
    static List<Class<?>> whole() {
        return IngressLabCommand.SUBCOMMANDS;
    }

    /**
     * The subcommands to build for {@code args} (the command line's words after {@code ingress-lab}): none for no
     * words (the window), the one the first word names (by name or alias, as picocli matches it: exactly), or all.
     */
    static List<Class<?>> neededFor(String[] args) {
        if (args.length == 0) {
            return List.of();
        }
        for (Class<?> subcommand : IngressLabCommand.SUBCOMMANDS) {
            if (names(subcommand).contains(args[0])) {
                return READ_THE_TREE.contains(subcommand) ? whole() : List.of(subcommand);
            }
        }
        return whole();
    }

    /** Adds {@code subcommands} to {@code top}, each made by {@code top}'s factory. */
    static CommandLine withSubcommands(CommandLine top, List<Class<?>> subcommands) {
        subcommands.forEach(top::addSubcommand);
        return top;
    }

    private static List<String> names(Class<?> subcommand) {
        Command command = subcommand.getAnnotation(Command.class);
        String[] aliases = command.aliases();
        String[] names = Arrays.copyOf(aliases, aliases.length + 1);
        names[aliases.length] = command.name();
        return Arrays.asList(names);
    }
}
