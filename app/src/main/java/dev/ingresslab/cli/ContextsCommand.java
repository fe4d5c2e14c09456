package dev.ingresslab.cli;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.KubeContexts;
import dev.ingresslab.core.ClusterTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab contexts}: the kubeconfig contexts {@code up} can use, and what kind of cluster each is. */
@Command(name = "contexts", mixinStandardHelpOptions = true,
        description = "List the kubeconfig contexts (as kubectl reads them) and what kind of cluster each one is."
                + " The server is shown for the current one, which `up` uses unless given --context.")
final class ContextsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: those in"
            + " $KUBECONFIG, else ~/.kube/config)")
    private Path kubeconfig;

    @Override
    public Integer call() {
        List<KubeContext> contexts;
        try {
            contexts = KubeContexts.of(ClusterTarget.read(kubeconfig, null));
        } catch (Exception e) {
            spec.commandLine().getErr().println("ingress-lab contexts: cannot read the kubeconfig: " + e.getMessage());
            return UpCommand.CLUSTER_UNAVAILABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (contexts.isEmpty()) {
            out.println("no contexts: start minikube (`minikube start`) or kind (`kind create cluster`), or run"
                    + " `ingress-lab demo`, whose sandbox cluster is the context " + KubeContext.SANDBOX_CONTEXT);
            return ExitCodes.OK;
        }
        if (contexts.stream().noneMatch(KubeContext::current)) {
            spec.commandLine().getErr().println("no context is current (the kubeconfig's current-context is not set,"
                    + " or names a context it does not hold): `up` and `samples` need --context NAME");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CURRENT", "NAME", "KIND", "SERVER"});
        for (KubeContext context : contexts) {
            rows.add(new String[] {context.current() ? "*" : "", context.name(), context.kind().label(),
                    context.server().isEmpty() ? "-" : context.server()});
        }
        int nameWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
        int kindWidth = rows.stream().mapToInt(row -> row[2].length()).max().orElse(0);
        for (String[] row : rows) {
            out.println(String.format("%-8s %-" + nameWidth + "s  %-" + kindWidth + "s  %s", (Object[]) row)
                    .stripTrailing());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
