package dev.ingresslab.core;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.KubeContexts;
import io.fabric8.kubernetes.client.Config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One place a session can start on, as the context picker lists them ({@link LabSession#contexts()}): the embedded
 * sandbox first, then each kubeconfig context with its kind of cluster and whether its API server answered.
 *
 * @param name      {@code sandbox} for the embedded one, else the context's name
 * @param kind      the kind of cluster, from the context's and cluster's names
 * @param server    the API server URL; empty for the embedded sandbox (it has none until started)
 * @param current   whether it is the kubeconfig's current context
 * @param reachable whether its API server accepted a TCP connection within {@link #PROBE_TIMEOUT} (always
 *                  {@link Reachability#REACHABLE} for the embedded sandbox, which starts on demand)
 * @param source    what to give {@link LabSession#start} to start on it
 */
public record ClusterChoice(String name, KubeContext.Kind kind, String server, boolean current,
                            Reachability reachable, Source source) {

    /** How long {@link LabSession#contexts()} waits for all API servers together. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    /** Whether an API server answered. */
    public enum Reachability {
        REACHABLE,
        /** Refused, timed out, or an unknown host. */
        UNREACHABLE,
        /** Not probed: the context names no cluster, or the server URL cannot be read. */
        UNKNOWN
    }

    /** The embedded sandbox's entry, always first. */
    static ClusterChoice sandbox() {
        return new ClusterChoice("sandbox", KubeContext.Kind.SANDBOX, "", false, Reachability.REACHABLE,
                new Source.Sandbox(true, false, true));
    }

    /**
     * Lists the sandbox, then the kubeconfig's contexts sorted by name, each probed (in parallel) with a TCP connect
     * to its API server; returns within about {@link #PROBE_TIMEOUT}, marking the servers that did not answer yet as
     * unreachable. An unreadable kubeconfig gives the sandbox alone.
     *
     * @param kubeconfig the kubeconfig file, or null for {@code KUBECONFIG} or {@code ~/.kube/config}
     */
    static List<ClusterChoice> list(Path kubeconfig) {
        List<ClusterChoice> choices = new ArrayList<>();
        choices.add(sandbox());
        Config config;
        try {
            config = ClusterTarget.read(kubeconfig, null);
        } catch (IOException | RuntimeException e) {
            return choices;
        }
        List<KubeContext> contexts = KubeContexts.of(config);
        ExecutorService probes = Executors.newFixedThreadPool(Math.max(1, Math.min(8, contexts.size())), runnable -> {
            Thread thread = new Thread(runnable, "ingress-lab-context-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Reachability>> answers = new ArrayList<>();
            List<String> servers = new ArrayList<>();
            for (KubeContext context : contexts) {
                String server = serverOf(kubeconfig, context.name());
                servers.add(server);
                answers.add(CompletableFuture.supplyAsync(() -> probe(server), probes));
            }
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            for (int i = 0; i < contexts.size(); i++) {
                KubeContext context = contexts.get(i);
                Reachability reachable;
                try {
                    reachable = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    reachable = Reachability.UNREACHABLE;
                } catch (java.util.concurrent.ExecutionException e) {
                    reachable = Reachability.UNKNOWN;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reachable = Reachability.UNKNOWN;
                }
                choices.add(new ClusterChoice(context.name(), context.kind(), servers.get(i), context.current(),
                        reachable, new Source.Cluster(kubeconfig, context.name(), List.of())));
            }
        } finally {
            probes.shutdownNow();
        }
        return choices;
    }

    /** The server URL of the context's cluster, as the client would use it, or empty. */
    private static String serverOf(Path kubeconfig, String contextName) {
        try {
            String url = ClusterTarget.read(kubeconfig, contextName).getMasterUrl();
            return url == null ? "" : url;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Reachability probe(String server) {
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            return Reachability.UNKNOWN;
        }
        if (uri.getHost() == null) {
            return Reachability.UNKNOWN;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
            return Reachability.REACHABLE;
        } catch (IOException e) {
            return Reachability.UNREACHABLE;
        }
    }
}
