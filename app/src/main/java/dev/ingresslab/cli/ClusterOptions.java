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

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG or"
            + " ~/.kube/config)")
    Path kubeconfig;

    /** The context's configuration, failing fast: a retried first request would look like a hang. */
    Config config() throws IOException {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(500);
        config.setConnectionTimeout(5_000);
        return config;
    }
}
