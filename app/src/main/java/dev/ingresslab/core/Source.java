package dev.ingresslab.core;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@link LabSession} takes its Kubernetes objects from: manifest files ({@code serve}, {@code explain}), a
 * kubeconfig context's API server ({@code up}), or the embedded sandbox cluster ({@code demo}).
 */
public sealed interface Source {

    /**
     * Manifest files and folders, read as {@code kubectl apply -f} reads them, and reloaded when they change (unless
     * the session serves nothing: {@link SessionOptions#serveRequests()}).
     *
     * @param paths files or folders ({@code .yaml}, {@code .yml}, {@code .json}); at least one
     */
    record Manifests(List<Path> paths) implements Source {
        public Manifests {
            paths = List.copyOf(paths);
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("give at least one manifest file or folder (-f PATH)");
            }
        }
    }

    /**
     * A cluster named by a kubeconfig context, as kubectl reads the kubeconfig.
     *
     * @param kubeconfig the kubeconfig file, or null for {@code KUBECONFIG} or {@code ~/.kube/config}
     * @param context    the context, or null for the kubeconfig's current one (never another: {@link ClusterTarget})
     * @param namespaces the namespaces to watch; empty for all
     */
    record Cluster(Path kubeconfig, String context, List<String> namespaces) implements Source {
        public Cluster {
            namespaces = List.copyOf(namespaces);
        }

        /** A context of the default kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}). */
        public Cluster(String context, List<String> namespaces) {
            this(null, context, namespaces);
        }
    }

    /**
     * The embedded sandbox cluster, with Ingress Lab as its ingress controller: what {@code demo} runs.
     *
     * @param samples apply the chapter's services and its host and path Ingresses ({@link SampleSteps#CHAPTER_END})
     *                when the sandbox starts without saved objects
     * @param fresh   set the saved sandbox aside and start clean ({@code demo --fresh}); only with {@code keep}
     * @param keep    claim the port and a sandbox slot in the data directory, restore the objects saved by the last
     *                run and keep them as they change ({@code demo}); false: a throwaway sandbox whose kubeconfig
     *                goes to a fresh folder under the data directory, nothing restored or kept (tests, a GUI trying
     *                something)
     */
    record Sandbox(boolean samples, boolean fresh, boolean keep) implements Source {

        /** A throwaway sandbox, with or without the samples. */
        public Sandbox(boolean samples) {
            this(samples, false, false);
        }

        public Sandbox {
            if (fresh && !keep) {
                throw new IllegalArgumentException("fresh sets the saved sandbox aside: it needs a kept sandbox");
            }
        }
    }

    /** Shorthand for {@link Manifests}. */
    static Source manifests(Path... paths) {
        return new Manifests(List.of(paths));
    }
}
