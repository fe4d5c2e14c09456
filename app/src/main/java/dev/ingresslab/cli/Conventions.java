package dev.ingresslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every command of {@code ingress-lab} shares, applied once to the whole tree when the command line is built
 * (docs/cli.md), so that a command added later follows it without doing anything: the {@link ExitCodes} in its
 * {@code --help} (a command's own {@code exitCodeList} entries say more about a code, or add one such as {@code
 * gui}'s 4), and the help's colours as {@link Colours} decides.
 */
final class Conventions {

    static final String EXIT_CODES_HEADING = "%nExit codes:%n";
    static final String EXAMPLES_HEADING = "%nExamples:%n";

    private Conventions() {
    }

    /** Applies the conventions to {@code root} and every subcommand under it. */
    static void apply(CommandLine root, Colours colours) {
        root.setColorScheme(CommandLine.Help.defaultColorScheme(colours.ansi()));
        applyTo(root);
    }

    private static void applyTo(CommandLine command) {
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        Map<String, String> codes = new LinkedHashMap<>(ExitCodes.standard());
        usage.exitCodeList().forEach((code, meaning) -> codes.put(code.strip(), meaning));
        usage.exitCodeListHeading(EXIT_CODES_HEADING);
        usage.exitCodeList(codes);
        command.getSubcommands().values().stream().distinct().forEach(Conventions::applyTo);
    }
}
