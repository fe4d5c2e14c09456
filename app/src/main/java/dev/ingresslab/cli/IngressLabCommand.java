package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import dev.ingresslab.gui.GuiStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Objects;
import java.util.concurrent.Callable;

/** The top command; each job is a subcommand. Alone, it opens the window (as {@code gui}). */
@Command(name = "ingress-lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Kubernetes Ingress made tangible: route, explain and debug Ingress on your laptop.",
                "Without a command it opens the window (as `gui`); `demo` runs the whole chapter."},
        subcommands = {GuiCommand.class, ExplainCommand.class, ServeCommand.class, UpCommand.class,
                ContextsCommand.class, SamplesCommand.class, DemoCommand.class, TlsCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class IngressLabCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private final Display display;

    IngressLabCommand(Display display) {
        this.display = Objects.requireNonNull(display, "display");
    }

    /** Whether a window can open here: the subcommands that open one ask. */
    Display display() {
        return display;
    }

    /** No command: the window; with no display, the one line saying so (exit 0: nothing wrong was asked). */
    @Override
    public Integer call() {
        return Window.open(display, spec.commandLine().getErr(), GuiStart.defaults(), ExitCodes.OK);
    }
}
