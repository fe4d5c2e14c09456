package dev.ingresslab.cluster;

import dev.ingresslab.text.ShellWords;

import java.util.Locale;

/**
 * A kubeconfig context and what kind of cluster it points at, so failures can say what to do on that kind.
 *
 * @param name    the context's name
 * @param cluster the cluster entry it uses
 * @param server  the API server URL
 * @param kind    minikube, kind, Docker Desktop, or another (remote) cluster
 * @param current whether it is the kubeconfig's current context
 */
public record KubeContext(String name, String cluster, String server, Kind kind, boolean current) {

    public enum Kind {
        MINIKUBE("minikube"), KIND("kind"), DOCKER_DESKTOP("Docker Desktop"),
        /** The embedded cluster {@code ingress-lab demo} runs (its context is {@code ingress-lab-sandbox}). */
        SANDBOX("Ingress Lab sandbox"),
        OTHER("cluster");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The name of the sandbox's context; an instance's own context may add a suffix to it. */
    public static final String SANDBOX_CONTEXT = "ingress-lab-sandbox";

    /**
     * Recognises a context by the names the tools give their contexts (minikube, kind-NAME, docker-desktop, and
     * ours, ingress-lab-sandbox).
     */
    public static Kind kindOf(String contextName, String clusterName) {
        String name = contextName == null ? "" : contextName.toLowerCase(Locale.ROOT);
        String cluster = clusterName == null ? "" : clusterName.toLowerCase(Locale.ROOT);
        if (name.equals("minikube") || cluster.equals("minikube")) {
            return Kind.MINIKUBE;
        }
        if (name.startsWith("kind-")) {
            return Kind.KIND;
        }
        if (name.startsWith(SANDBOX_CONTEXT)) {
            return Kind.SANDBOX;
        }
        if (name.equals("docker-desktop") || name.equals("docker-for-desktop")) {
            return Kind.DOCKER_DESKTOP;
        }
        return Kind.OTHER;
    }

    /** What to do when this context's API server does not answer. */
    public String whenUnreachable() {
        return switch (kind) {
            case MINIKUBE -> "minikube is not running: run `minikube start`";
            case KIND -> "kind cluster '" + name.substring("kind-".length()) + "' is not running: check `kind get"
                    + " clusters` and `docker ps`, or create it with `"
                    + ShellWords.command("kind", "create", "cluster", "--name", name.substring("kind-".length())) + "`";
            case DOCKER_DESKTOP -> "Docker Desktop's Kubernetes is not running: start Docker Desktop and enable"
                    + " Kubernetes in its settings";
            case SANDBOX -> "the Ingress Lab sandbox is not running (it runs only while `ingress-lab demo` does):"
                    + " start `ingress-lab demo --empty` in another terminal";
            case OTHER -> "the API server at " + server + " does not answer: is the cluster up, and are you on its"
                    + " network (VPN)?";
        };
    }
}
