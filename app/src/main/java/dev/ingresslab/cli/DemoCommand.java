package dev.ingresslab.cli;

import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.core.DemoOptions;
import dev.ingresslab.core.DemoSession;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.gui.GuiStart;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.ProxyStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ingress-lab demo}: the chapter on an embedded cluster, no minikube needed. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole chapter on this machine with no minikube: an embedded sandbox cluster, the"
                + " chapter's services (alpaca, bandicoot, be-default) and its host and path Ingresses, and Ingress"
                + " Lab as the sandbox's ingress controller. Prints the commands to try. Stop with Ctrl-C."})
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
        dev.ingresslab.gui.Display display = parent.display();
        boolean window = !headless && display.available();
        if (!headless && !display.available()) {
            out.println("no display (" + display.reason() + "): running without the window, as with --headless.");
        }
        AccessLog.Format format = proxyOptions.logFormat();
        long started = System.nanoTime();
        PortChoice http = proxyOptions.http();
        if (window) {
            return withWindow(out, http, started);
        }
        DemoSession demo;
        try {
            demo = DemoSession.start(new DemoOptions(DataDirectory.resolve(), !empty, fresh, http.message()),
                    ProxySettings.defaults().withHttpPort(http.port()), format, out);
        } catch (ProxyStartException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("ingress-lab demo: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Path kubeconfig = demo.sandbox().kubeconfig();
        int port = demo.cluster().proxy().httpPort();
        String origin = "http://127.0.0.1" + (port == 80 ? "" : ":" + port);
        out.printf("%nready in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        boolean samples = demo.samplesPresent();
        if (empty && !samples) {
            out.println("The sandbox has no samples: deploy the chapter's services and Ingresses with kubectl.");
        }
        // the sample curl commands only when the samples are there (restored ones count, --empty or not)
        new DemoGuide(origin, kubeconfig, Checkout.current(), samples).lines().forEach(out::println);
        return UntilStopped.await(demo);
    }

    /**
     * The demo with the window: the same sandbox, samples and controller, run as a {@link LabSession} whose events
     * print here as they happen; the window shows it (routes, requests, samples) and closing it stops the demo.
     */
    private int withWindow(PrintStream out, PortChoice http, long started) throws Exception {
        SessionOptions options = SessionOptions.defaults().withDataDirectory(DataDirectory.resolve())
                .withProxy(ProxySettings.defaults().withHttpPort(http.port())).withPortNote(http.message());
        Source.Sandbox sandbox = new Source.Sandbox(!empty, fresh, true);
        LabSession session;
        try {
            session = LabSession.start(sandbox, options, new LinePrinter(out));
        } catch (SessionStartException e) {
            spec.commandLine().getErr().println("ingress-lab demo: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        session.initialSubscription().orElseThrow().awaitDelivered(java.time.Duration.ofSeconds(5));
        out.printf("%nready in %.1f s: the window shows the routes, the requests and the chapter's samples."
                + " Closing it stops the demo, as Ctrl-C here does.%n", (System.nanoTime() - started) / 1e9);
        return UntilStopped.awaitWindow(session, new GuiStart(options, sandbox, Optional.of(session), false));
    }
}
