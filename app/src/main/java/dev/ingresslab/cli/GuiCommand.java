package dev.ingresslab.cli;

import dev.ingresslab.gui.GuiStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code ingress-lab gui} (and {@code ingress-lab} alone): the desktop window. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open the Ingress Lab window: pick the sandbox or a cluster, see its routes and requests,"
                + " explain a URL, apply the chapter's samples. Without a display it says so and names the"
                + " commands that work without a window."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab gui",
                "  ingress-lab            (the same)"},
        exitCodeList = {"4:no display to open the window on (it says which commands work without)"})
final class GuiCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private IngressLabCommand parent;

    @Override
    public Integer call() {
        return Window.open(parent.display(), spec.commandLine().getErr(), GuiStart.defaults(),
                ExitCodes.NO_DISPLAY);
    }
}
