package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import dev.ingresslab.gui.GuiStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/** The top command; each job is a subcommand. Alone, it opens the window (as {@code gui}). */
@Command(name = "ingress-lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Kubernetes Ingress made tangible: route, explain and debug Ingress on your laptop.",
                "Without a command it opens the window (as `gui`); `demo` runs the whole chapter."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab demo --headless      the chapter on an embedded cluster",
                "  ingress-lab routes               the routes of the running demo",
                "  ingress-lab requests --follow    its requests, each with its rule",
                "  ingress-lab help explain         one command's options"})
final class IngressLabCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order the help lists them. Not in the annotation: {@link CommandTree} adds the ones a
     * command line needs (picocli builds every listed subcommand's model, by reflection, as the top one is built).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(GuiCommand.class, ExplainCommand.class, ServeCommand.class,
            UpCommand.class, ContextsCommand.class, SamplesCommand.class, DemoCommand.class, RoutesCommand.class,
            RequestsCommand.class, InstancesCommand.class, CompletionCommand.class, LintCommand.class,
            HostsCommand.class, VersionCommand.class, TlsCommand.class, ConvertCommand.class,
            picocli.CommandLine.HelpCommand.class);

    @Spec
    private CommandSpec spec;

    private final Display display;
    private final Path dataDirectory;
    private final Colours colours;

    IngressLabCommand(Display display, Path dataDirectory, Colours colours) {
        this.display = Objects.requireNonNull(display, "display");
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.colours = Objects.requireNonNull(colours, "colours");
    }

    /** Whether a window can open here: the subcommands that open one ask. */
    Display display() {
        return display;
    }

    /**
     * Ingress Lab's data directory ({@link dev.ingresslab.core.DataDirectory}): where running instances write their
     * control files and the other commands find them. Tests give a temporary one.
     */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether this command line colours its output. */
    Colours colours() {
        return colours;
    }

    /** The top command of the command line {@code spec} belongs to. */
    static IngressLabCommand of(CommandSpec spec) {
        return (IngressLabCommand) spec.root().userObject();
    }

    /** No command: the window; with no display, the one line saying so (exit 0: nothing wrong was asked). */
    @Override
    public Integer call() {
        return Window.open(display, spec.commandLine().getErr(), GuiStart.defaults(), ExitCodes.OK);
    }
}
