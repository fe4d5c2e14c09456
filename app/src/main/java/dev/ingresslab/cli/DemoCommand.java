package dev.ingresslab.cli;

import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.core.DemoOptions;
import dev.ingresslab.core.DemoSession;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.ProxyStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--headless", description = "never open a window (the GUI is not built yet: always so today)")
    private boolean headless;

    @Override
    public Integer call() throws Exception {
        PrintStream out = UntilStopped.output();
        AccessLog.Format format = proxyOptions.logFormat();
        long started = System.nanoTime();
        PortChoice http = proxyOptions.http();
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
        String samples = Files.isDirectory(Path.of("samples", "ch8")) ? "samples/ch8/" : null;
        if (empty) {
            out.println("The sandbox is empty. Deploy the chapter's services and an Ingress, then ask:");
            out.println(samples != null ? "  kubectl apply -f " + samples + "services.yaml -f " + samples
                    + "host-ingress.yaml" : "  ./ingress-lab samples deploy --step host");
        } else {
            out.println("Try:");
        }
        out.println("  curl -H 'Host: alpaca.example.com' " + origin + "/");
        out.println("  curl -H 'Host: bandicoot.example.com' " + origin + "/a/");
        out.println("  curl -H 'Host: bandicoot.example.com' " + origin + "/");
        out.println("  curl -H 'Host: anything.example.com' " + origin + "/     # the defaultBackend, be-default");
        out.println("  curl -i -H 'Host: alpaca.example.com' " + origin + "/   # X-Ingress-Lab-Route says which rule");
        out.println("kubectl works on the sandbox as on a cluster:");
        out.println("  export KUBECONFIG=" + kubeconfig);
        out.println("  kubectl get ingress && kubectl describe ingress host-ingress");
        if (samples != null) {
            out.println("  kubectl apply -f " + samples + "simple-ingress.yaml   # the chapter's first Ingress");
            out.println("  kubectl apply -f " + samples + "mistakes/   # the seed's two mistakes: the API server's"
                    + " answer, and a hint");
        }
        out.println("  kubectl scale deployment alpaca --replicas=1   # the endpoints follow");
        out.println("  kubectl get ingress -w   # changes as they happen");
        out.println("and for what-if questions without touching anything:");
        out.println("  ./ingress-lab explain -f samples/ch8/services.yaml -f samples/ch8/path-ingress.yaml"
                + " http://bandicoot.example.com/a");
        return UntilStopped.await(demo);
    }
}
