package dev.ingresslab.cli;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.KubeContexts;
import dev.ingresslab.core.ClusterTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab contexts}: the kubeconfig contexts {@code up} can use, and what kind of cluster each is. */
@Command(name = "contexts", mixinStandardHelpOptions = true,
        description = "List the kubeconfig contexts (as kubectl reads them) and what kind of cluster each one is.")
final class ContextsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG or"
            + " ~/.kube/config)")
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
        if (contexts.isEmpty()) {
            spec.commandLine().getOut().println("no contexts: start minikube or kind, or run `ingress-lab demo` for"
                    + " the embedded sandbox (coming)");
            return ExitCodes.OK;
        }
        if (contexts.stream().noneMatch(KubeContext::current)) {
            spec.commandLine().getErr().println("no context is current (the kubeconfig's current-context is not set,"
                    + " or names a context it does not hold): `up` and `samples` need --context NAME");
        }
        for (KubeContext context : contexts) {
            spec.commandLine().getOut().printf("%s %-30s %-15s %s%n", context.current() ? "*" : " ", context.name(),
                    context.kind().label(), context.server());
        }
        return ExitCodes.OK;
    }
}
