package dev.ingresslab.cli;

import io.fabric8.kubernetes.client.Config;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which cluster a command talks to, read as kubectl reads it. */
final class ClusterOptions {

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: those in"
            + " $KUBECONFIG, else ~/.kube/config)")
    Path kubeconfig;

    /**
     * The context's configuration, failing fast: a retried first request would look like a hang.
     *
     * @throws IllegalStateException when no kubeconfig has a context (fabric8 would then try
     *                               {@code https://kubernetes.default.svc}, the address inside a Pod), saying how
     *                               to get one
     */
    Config config() throws IOException {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
        if (config.getContexts() == null || config.getContexts().isEmpty()) {
            String where = kubeconfig != null ? kubeconfig.toString() : System.getenv("KUBECONFIG") != null
                    ? "KUBECONFIG (" + System.getenv("KUBECONFIG") + ")" : "~/.kube/config";
            throw new IllegalStateException(where + " has no context: start minikube (`minikube start`) or kind"
                    + " (`kind create cluster`), which write one, or use Ingress Lab's sandbox: run `ingress-lab"
                    + " demo --empty` and paste the `export KUBECONFIG=…` line it prints");
        }
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(500);
        config.setConnectionTimeout(5_000);
        return config;
    }
}
