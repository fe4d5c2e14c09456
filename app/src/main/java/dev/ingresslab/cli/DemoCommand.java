package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.Escalators;
import dev.ingresslab.gui.Display;
import dev.ingresslab.gui.GuiStart;
import dev.ingresslab.proxy.ProxySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ingress-lab demo}: the chapter on an embedded cluster, no minikube needed. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole chapter on this machine with no minikube: an embedded sandbox cluster, the"
                + " chapter's services (alpaca, bandicoot, be-default) and its host and path Ingresses, and Ingress"
                + " Lab as the sandbox's ingress controller. Prints the commands to try. Stop with Ctrl-C."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab demo                       with the window",
                "  ingress-lab demo --headless            in this terminal only",
                "  ingress-lab demo --http-port 9080 --log json",
                "  ingress-lab demo --empty --fresh       a clean, empty sandbox"},
        exitCodeList = {"0:stopped by Ctrl-C or by closing the window",
                "2:bad options, or the port is in use (it says by what)"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProxyOptions proxyOptions;

    @Mixin
    private HostsOptions hostsOptions;

    @Option(names = "--empty", description = "start the sandbox and the controller without the samples")
    private boolean empty;

    @Option(names = "--fresh", description = "set the saved sandbox aside (it is moved, never deleted) and start"
            + " clean; without it, what you applied last time is restored")
    private boolean fresh;

    @Option(names = "--headless", description = "run in this terminal only, without opening the window (without a"
            + " display it runs so anyway, and says so)")
    private boolean headless;

    @picocli.CommandLine.ParentCommand
    private IngressLabCommand parent;

    @Override
    public Integer call() throws Exception {
        hostsOptions.check();
        PrintStream out = UntilStopped.output();
        Display display = parent.display();
        boolean window = !headless && display.available();
        if (!headless && !display.available()) {
            out.println("no display (" + display.reason() + "): running without the window, as with --headless.");
        }
        DemoTerminal terminal = new DemoTerminal(out, proxyOptions.logFormat(), empty, Colours.of(spec),
                parent.dataDirectory(),
                TerminalHosts.of(hostsOptions, Escalators.terminal(), out, "ingress-lab demo"));
        Source.Sandbox sandbox = new Source.Sandbox(!empty, fresh, true);
        SessionOptions options = SessionOptions.defaults().withDataDirectory(parent.dataDirectory())
                .withProxy(proxyOptions.settings(ProxySettings.defaults(), parent.dataDirectory()))
                .withPortNote(proxyOptions.portNote())
                .withHostsFile(hostsOptions.path());
        // from now on a SIGTERM stops the session in force (the one the window started, or the headless one)
        UntilStopped.closeOnShutdown(terminal);
        if (window) {
            // the window opens at once and starts the sandbox itself, showing each step as it comes; the terminal
            // prints the same lines, "ready in", and the guide, as without a window
            out.println("Opening the window: it shows the sandbox starting, then the routes, the requests and the"
                    + " chapter's samples; closing it stops the demo, as Ctrl-C here does.");
            return UntilStopped.awaitWindow(terminal, new GuiStart(options, sandbox, Optional.empty(), true,
                    Optional.of(terminal)), out, () -> headless(sandbox, options, terminal));
        }
        return headless(sandbox, options, terminal);
    }

    /** Starts the sandbox here, printing its events, and runs until Ctrl-C: {@code --headless}, or no display. */
    private int headless(Source.Sandbox sandbox, SessionOptions options, DemoTerminal terminal) throws Exception {
        LabSession demo;
        try {
            demo = LabSession.start(sandbox, options, terminal.starting());
        } catch (SessionStartException e) {
            terminal.notStarting(); // the error is printed below, on standard error
            return SessionOutput.failed("demo", e, spec.commandLine().getErr());
        }
        terminal.started(demo);
        return UntilStopped.await();
    }
}
