package dev.ingresslab.cli;

import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
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
        PrintStream out = UntilStopped.output();
        Display display = parent.display();
        boolean window = !headless && display.available();
        if (!headless && !display.available()) {
            out.println("no display (" + display.reason() + "): running without the window, as with --headless.");
        }
        DemoTerminal terminal = new DemoTerminal(out, proxyOptions.logFormat(), empty, Colours.of(spec));
        PortChoice http = proxyOptions.http();
        LabSession demo;
        Source.Sandbox sandbox = new Source.Sandbox(!empty, fresh, true);
        SessionOptions options = SessionOptions.defaults().withDataDirectory(parent.dataDirectory())
                .withProxy(ProxySettings.defaults().withHttpPort(http.port())).withPortNote(http.message());
        try {
            demo = LabSession.start(sandbox, options, terminal.starting());
        } catch (SessionStartException e) {
            terminal.stopProgress();
            return SessionOutput.failed("demo", e, spec.commandLine().getErr());
        }
        // before printing: a SIGTERM from now on stops the session in force (the first, or one the window started)
        var control = ControlEndpoint.open(parent.dataDirectory(), "demo", demo.current().connection().httpPort(),
                terminal::current, out);
        UntilStopped.closeOnShutdown(() -> {
            control.ifPresent(ControlServer::close); // first: no command reads a stopping demo
            demo.close();
            terminal.close();
        });
        terminal.started(demo);
        if (window) {
            // the same session, shown in the window: closing it stops the demo, as Ctrl-C here does
            out.println("The window shows the routes, the requests and the chapter's samples; closing it stops the"
                    + " demo, as Ctrl-C here does.");
            // Stop then Start in the window prints here again, and Ctrl-C stops the session started last
            return UntilStopped.awaitWindow(terminal, new GuiStart(options, sandbox, Optional.of(demo), false,
                    Optional.of(terminal)), out);
        }
        return UntilStopped.await();
    }
}
