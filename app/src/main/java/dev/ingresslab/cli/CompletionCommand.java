package dev.ingresslab.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ingress-lab completion bash|zsh|fish}: the shell completion script, generated from the commands. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash, zsh or fish: commands, options and their"
                + " values complete with Tab.",
                "bash and zsh get picocli's generated script (zsh runs it through bashcompinit), fish a script of"
                + " `complete` lines."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  source <(ingress-lab completion bash)       in ~/.bashrc",
                "  source <(ingress-lab completion zsh)        in ~/.zshrc",
                "  ingress-lab completion fish > \\",
                "      ~/.config/fish/completions/ingress-lab.fish"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
    private Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        String name = root.getCommandName();
        out.print(switch (shell) {
            case bash, zsh -> AutoComplete.bash(name, root);
            case fish -> FishCompletion.script(root);
        });
        out.flush();
        return ExitCodes.OK;
    }
}
