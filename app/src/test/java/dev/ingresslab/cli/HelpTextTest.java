package dev.ingresslab.cli;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command's {@code --help}: it works, it is the whole tree's word for word when the command line is built with
 * the command alone ({@link CommandTree}), and it never wraps a word (a file name, a label) in the middle.
 */
class HelpTextTest {

    @Test
    void everyCommandAnswersHelpWithExitCode0() {
        for (CommandLine command : allCommands()) {
            List<String> args = new ArrayList<>(path(command));
            args.add("--help");
            StringWriter out = new StringWriter();
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    args.toArray(String[]::new));
            assertThat(code).as("exit code of %s", args).isZero();
            assertThat(out.toString()).as("help of %s", args).startsWith("Usage: ingress-lab")
                    .as("help of %s, built alone (CommandTree), as the whole tree prints it", args)
                    .isEqualTo(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
    }

    @Test
    void noWordOfAnyHelpIsBrokenAcrossLines() {
        SoftAssertions softly = new SoftAssertions();
        for (CommandLine command : allCommands()) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            Set<String> printed = new HashSet<>(Arrays.asList(usage.split("\\s+")));
            softly.assertThat(usage.lines()).as("help of %s", path(command)).allMatch(line -> line.length() <= 80);
            for (String source : sourceTexts(command.getCommandSpec())) {
                for (String word : source.replace("%n", " ").split("\\s+")) {
                    if (!word.isEmpty() && !word.contains("${")) {
                        softly.assertThat(printed).as("the word %s in the help of %s", word, path(command))
                                .contains(word);
                    }
                }
            }
        }
        softly.assertAll();
    }

    /**
     * A parent's --help lists each subcommand by the first line of its description (picocli's command list): that
     * line must be the whole summary, ending a sentence, and printed whole in the parent's help.
     */
    @Test
    void everySubcommandsSummaryInItsParentsHelpIsWhole() {
        SoftAssertions softly = new SoftAssertions();
        for (CommandLine command : allCommands()) {
            if (command.getParent() == null) {
                continue;
            }
            String[] description = command.getCommandSpec().usageMessage().description();
            softly.assertThat(description).as("description of %s", path(command)).isNotEmpty();
            if (description.length == 0) {
                continue;
            }
            String summary = description[0].strip();
            softly.assertThat(summary).as("summary of %s", path(command)).endsWith(".");
            String parentHelp = command.getParent().getUsageMessage(CommandLine.Help.Ansi.OFF)
                    .replaceAll("\\s+", " ");
            softly.assertThat(parentHelp).as("help of %s lists %s", path(command.getParent()), path(command))
                    .contains(command.getCommandName() + " " + summary.replaceAll("\\s+", " "));
        }
        softly.assertAll();
    }

    private static List<String> sourceTexts(CommandSpec spec) {
        List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        texts.addAll(Arrays.asList(spec.usageMessage().footer()));
        for (ArgSpec arg : spec.args()) {
            texts.addAll(Arrays.asList(arg.description()));
        }
        return texts;
    }

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        if (!command.getCommandName().equals("help")) {
            all.add(command);
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    /** The words that name a command: [] for the top, [samples, list] for a subcommand's. */
    private static List<String> path(CommandLine command) {
        List<String> names = new ArrayList<>();
        for (CommandLine at = command; at.getParent() != null; at = at.getParent()) {
            names.add(0, at.getCommandName());
        }
        return names;
    }
}
