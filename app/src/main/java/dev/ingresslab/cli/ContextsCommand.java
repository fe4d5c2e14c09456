package dev.ingresslab.cli;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.KubeContexts;
import dev.ingresslab.core.ClusterTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                + " The server is shown for the current one, which `up` uses unless given --context.",
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab contexts",
                "  ingress-lab contexts --kubeconfig ~/.kube/kind-config",
                "  ingress-lab contexts -o json | jq -r '.[] | select(.current) | .name'"},
        exitCodeList = {"3:the kubeconfig cannot be read"})
final class ContextsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: those in"
            + " $KUBECONFIG, else ~/.kube/config)")
    private Path kubeconfig;

    @Mixin
    private OutputOptions output;

    /**
     * A context as {@code -o json|yaml} prints it. The field names are a published interface: keep them stable.
     *
     * @param name    the context's name
     * @param current whether it is the kubeconfig's current context
     * @param kind    {@code Ingress Lab sandbox}, {@code minikube}, {@code kind}, {@code Docker Desktop}, {@code other}
     * @param cluster the kubeconfig cluster it names
     * @param server  the API server's URL, empty when the kubeconfig has none
     */
    record ContextJson(String name, boolean current, String kind, String cluster, String server) {
    }

    @Override
    public Integer call() {
        OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                OutputOptions.Format.yaml);
        List<KubeContext> contexts;
        try {
            contexts = KubeContexts.of(ClusterTarget.read(kubeconfig, null));
        } catch (Exception e) {
            spec.commandLine().getErr().println("ingress-lab contexts: cannot read the kubeconfig: " + e.getMessage());
            return ExitCodes.CLUSTER_UNREACHABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format != OutputOptions.Format.text) {
            OutputOptions.print(out, format, contexts.stream().map(context -> new ContextJson(context.name(),
                    context.current(), context.kind().label(), context.cluster(), context.server())).toList());
            return ExitCodes.OK;
        }
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
