package dev.ingresslab.core;

import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.KubeContexts;
import io.fabric8.kubernetes.client.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster a command acts on: the kubeconfig context the user named (or the kubeconfig's current one), checked to
 * exist, with the client configuration for it. Read as kubectl reads it: {@code --kubeconfig}, else {@code
 * KUBECONFIG} (several files, merged: the first file's current-context wins), else {@code ~/.kube/config}; the
 * context's own user credentials (a token, a client certificate) go with the configuration.
 *
 * @param config  the client configuration, failing fast (see {@link #load})
 * @param context the context, as {@code contexts} lists it
 * @param source  where the kubeconfig was read from, for messages
 */
public record ClusterTarget(Config config, KubeContext context, String source) {

    /**
     * Reads the kubeconfig for a context.
     *
     * @param kubeconfig the {@code --kubeconfig} file, or null for {@code KUBECONFIG} or {@code ~/.kube/config}
     * @param context    the {@code --context}, or null for the current one
     * @throws IOException              when the {@code --kubeconfig} file cannot be read
     * @throws ContextNotFoundException when the context does not exist, or none is current (never another
     *                                  cluster instead: see {@link KubeContexts#chosen})
     */
    public static ClusterTarget load(Path kubeconfig, String context) throws IOException, ContextNotFoundException {
        Config config = read(kubeconfig, context);
        String source = kubeconfig != null ? kubeconfig.toString() : defaultSource();
        KubeContext chosen = KubeContexts.chosen(config, context, source);
        // A retried first request would look like a hang; a connection that cannot be made fails within seconds.
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(500);
        config.setConnectionTimeout(5_000);
        // Watches over chunked HTTP, as kubectl and client-go make them, which every API server serves; fabric8
        // would first try a WebSocket, and fall back to HTTP only after a failed handshake on each (re)start.
        config.setOnlyHttpWatches(true);
        return new ClusterTarget(config, chosen, source);
    }

    /**
     * The kubeconfig as fabric8 reads it, unchecked: for listing its contexts. An empty file is a kubeconfig without
     * contexts, as kubectl reads it (fabric8 refuses to parse it).
     *
     * @param kubeconfig the {@code --kubeconfig} file, or null for {@code KUBECONFIG} or {@code ~/.kube/config}
     * @param context    the context to configure, or null for the current one
     * @throws IOException when the {@code --kubeconfig} file cannot be read
     */
    public static Config read(Path kubeconfig, String context) throws IOException {
        if (kubeconfig == null) {
            return Config.autoConfigure(context);
        }
        String text = Files.readString(kubeconfig);
        return text.isBlank() ? Config.empty() : Config.fromKubeconfig(context, text, kubeconfig.toString());
    }

    /**
     * The one line a command that reads a cluster prints first: which context, which API server, and exactly which
     * namespaces it reads (not the context's default namespace, which a read of all namespaces does not use).
     *
     * @param namespaces the namespaces read; empty for all of them (as {@code --namespace} not given)
     * @return {@code context kind-lab (kind), API server https://127.0.0.1:6443, all namespaces}, or {@code …,
     *         namespaces shop, web}
     */
    public String describeRead(java.util.List<String> namespaces) {
        return "context " + context.name() + " (" + context.kind().label() + "), API server " + config.getMasterUrl()
                + ", " + (namespaces.isEmpty() ? "all namespaces" : (namespaces.size() == 1 ? "namespace "
                : "namespaces ") + String.join(", ", namespaces));
    }

    /** The one line a command that writes to a cluster prints first: which context, which API server. */
    public String describe() {
        return "context " + context.name() + " (" + context.kind().label() + "), API server " + config.getMasterUrl()
                + (config.getNamespace() == null ? "" : ", namespace " + config.getNamespace());
    }

    /** Where fabric8 reads the kubeconfig from when no file is given: as kubectl, KUBECONFIG or ~/.kube/config. */
    private static String defaultSource() {
        String files = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE, System.getenv("KUBECONFIG"));
        return files == null || files.isBlank() ? "~/.kube/config" : "KUBECONFIG=" + files;
    }
}
