package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code completion bash|zsh|fish}: each script is valid for its shell and completes what the commands take. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    private static String script(String shell) {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "completion",
                shell);
        assertThat(code).isZero();
        return out.toString();
    }

    /** Runs {@code shell -n FILE} (parse without running) and returns its exit code and output. */
    private String check(String shell, String script, String... flags) throws Exception {
        Path file = dir.resolve("completion." + shell);
        Files.writeString(file, script);
        List<String> command = new java.util.ArrayList<>(List.of(shell));
        command.addAll(List.of(flags));
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s -n: %s", shell, output).isZero();
        return output;
    }

    private static boolean installed(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theBashScriptParsesAndCompletesCommandsAndOptionValues() throws Exception {
        String bash = script("bash");

        check("bash", bash, "-n");
        assertThat(bash).contains("complete -F _complete_ingress-lab").contains("routes").contains("requests")
                .contains("--follow").contains("--instance");
        assertThat(bash).as("-o's values").contains("(\"text\" \"wide\" \"json\" \"yaml\")");
    }

    @Test
    void theZshScriptIsTheBashOneThroughBashcompinit() throws Exception {
        String zsh = script("zsh");

        assertThat(zsh).contains("bashcompinit");
        check("bash", zsh, "-n");
        if (installed("zsh")) {
            check("zsh", zsh, "-n");
        }
    }

    @Test
    void theFishScriptHasALinePerCommandAndOption() throws Exception {
        String fish = script("fish");

        assertThat(fish.lines()).allMatch(line -> line.startsWith("#") || line.startsWith("complete -c ingress-lab"));
        assertThat(fish).contains("complete -c ingress-lab -n '__fish_use_subcommand; and not"
                + " __fish_seen_subcommand_from ")
                .contains(" -a routes -d 'Show the routes in force")
                .contains("-n '__fish_seen_subcommand_from requests' -l follow")
                .contains("-n '__fish_seen_subcommand_from routes' -s o -l output -x -a 'text wide json yaml'")
                .contains("-n '__fish_seen_subcommand_from samples; and __fish_seen_subcommand_from deploy' -l step")
                .contains("-n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
        assertThat(FishCompletion.quote("it's a \\ test")).isEqualTo("'it\\'s a \\\\ test'");
        assumeTrue(installed("fish"), "fish is not installed here: its own parser is not run");
        check("fish", fish, "--no-execute");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "completion",
                "powershell");

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("bash, zsh, fish");
    }
}
