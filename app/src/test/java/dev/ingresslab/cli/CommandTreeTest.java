package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command line built with only the subcommand it runs ({@link CommandTree}) answers as the whole tree does: a
 * mistake's message, suggestions, usage and exit code, word for word (every command's {@code --help}: {@link
 * HelpTextTest}).
 */
class CommandTreeTest {

    private static final Display NO_DISPLAY = Display.none("DISPLAY is not set");

    @TempDir
    Path data;

    private record Result(int code, String out, String err) {
    }

    @Test
    void aNamedCommandIsBuiltAloneAndTheWholeTreeWhenTheWordsNeedIt() {
        assertThat(names("demo", "--headless")).containsExactly("demo");
        assertThat(names("samples", "list")).containsExactly("samples");
        assertThat(names("explain", "-f", "samples/ch8/", "http://alpaca.example.com/")).containsExactly("explain");
        assertThat(names()).as("no words: the window, no subcommand").isEmpty();

        List<String> all = names("--help");
        assertThat(all).hasSize(IngressLabCommand.SUBCOMMANDS.size()).startsWith("gui", "explain").endsWith("help");
        assertThat(names("-V")).isEqualTo(all);
        assertThat(names("help", "demo")).as("help reads the tree").isEqualTo(all);
        assertThat(names("completion", "bash")).as("completion reads the tree").isEqualTo(all);
        assertThat(names("dmeo")).as("a misspelt command: the suggestions list every command").isEqualTo(all);
        assertThat(names("Demo")).as("picocli matches names exactly").isEqualTo(all);
    }

    /**
     * Each subcommand of the top one but {@code help} (built with the whole tree, and its unknown words are commands
     * to look up); theirs are built as they are, with it or not at all.
     */
    @Test
    void everyCommandsMistakesAreTheWholeTreesWordForWord() {
        SoftAssertions softly = new SoftAssertions();
        for (String command : whole().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            String[] words = {command, "--no-such-optoin"};
            Result alone = runAlone(words);
            softly.assertThat(alone).as("ingress-lab %s", String.join(" ", words)).isEqualTo(runOnWhole(words));
            softly.assertThat(alone.code()).as("ingress-lab %s", String.join(" ", words)).isEqualTo(2);
            softly.assertThat(alone.err()).as("ingress-lab %s", String.join(" ", words)).isNotBlank();
        }
        // A command whose required option is missing: picocli's message and the hint of FirstTries.
        Result serve = runAlone("serve");
        softly.assertThat(serve).isEqualTo(runOnWhole("serve"));
        softly.assertThat(serve.err()).contains("hint: serve runs the proxy");
        softly.assertAll();
    }

    private List<String> names(String... args) {
        return Main.commandLine(NO_DISPLAY, data, Colours.PLAIN, CommandLine.defaultFactory(),
                CommandTree.neededFor(args)).getSubcommands().keySet().stream().toList();
    }

    /** As a user runs it: {@link Main#run} builds what the words need. */
    private Result runAlone(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(NO_DISPLAY, data, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result runOnWhole(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = whole();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private CommandLine whole() {
        return Main.commandLine(NO_DISPLAY, data, Colours.PLAIN);
    }
}
