package dev.ingresslab.cli;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions every command follows (docs/cli.md), checked on the whole tree so that a command added later is
 * held to them too: the exit codes and examples in its help, and {@code -o} spelled one way.
 */
class ConventionsTest {

    private static List<CommandLine> all() {
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

    @Test
    void everyHelpListsTheStableExitCodesAndGivesExamples() {
        SoftAssertions softly = new SoftAssertions();
        for (CommandLine command : all()) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = command.getCommandSpec().qualifiedName();
            softly.assertThat(help).as("exit codes in the help of %s", name).contains("Exit codes:")
                    .containsPattern("(?m)^\\s+0\\s+\\S").containsPattern("(?m)^\\s+1\\s+\\S")
                    .containsPattern("(?m)^\\s+2\\s+\\S").containsPattern("(?m)^\\s+3\\s+\\S");
            softly.assertThat(help).as("examples in the help of %s", name).contains("Examples:")
                    .containsPattern("(?m)^Examples:\\n  \\S");
        }
        softly.assertAll();
    }

    @Test
    void aCommandsOwnWordsForACodeReplaceTheStandardOnesAndKeepTheOthers() {
        String help = Main.commandLine().getSubcommands().get("gui").getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help).contains("4   no display to open the window on").contains("2   usage or bad input");
        String explain = Main.commandLine().getSubcommands().get("explain")
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(explain).contains("0   every URL was explained").doesNotContain("0   ok");
    }

    @Test
    void everyOutputOptionIsDashOAndOutput() {
        SoftAssertions softly = new SoftAssertions();
        for (CommandLine command : all()) {
            CommandLine.Model.OptionSpec output = command.getCommandSpec().findOption("output");
            CommandLine.Model.OptionSpec shortName = command.getCommandSpec().findOption("o");
            softly.assertThat(output).as("%s", command.getCommandSpec().qualifiedName()).isEqualTo(shortName);
        }
        softly.assertAll();
    }

    @Test
    void theExitCodesAreStable() {
        assertThat(List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.BAD_INPUT, ExitCodes.CLUSTER_UNREACHABLE,
                ExitCodes.NO_DISPLAY)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ExitCodes.standard()).containsOnlyKeys("0", "1", "2", "3");
        assertThat(CommandLine.Model.CommandSpec.create().exitCodeOnInvalidInput())
                .as("picocli's usage error is our bad input").isEqualTo(ExitCodes.BAD_INPUT);
    }
}
