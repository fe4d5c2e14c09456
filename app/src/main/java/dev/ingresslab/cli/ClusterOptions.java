package dev.ingresslab.cli;

import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.core.ClusterTarget;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Which cluster a command talks to, read as kubectl reads it. */
final class ClusterOptions {

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: those in"
            + " $KUBECONFIG, else ~/.kube/config)")
    Path kubeconfig;

    /**
     * The context named (or the current one) and its configuration.
     *
     * @throws IOException              the kubeconfig cannot be read
     * @throws ContextNotFoundException the context does not exist, or none is current: a usage error (exit 2)
     */
    ClusterTarget target() throws IOException, ContextNotFoundException {
        return ClusterTarget.load(kubeconfig, context);
    }
}
