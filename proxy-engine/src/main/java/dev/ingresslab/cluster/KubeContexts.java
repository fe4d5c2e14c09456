package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The contexts of a kubeconfig, read as kubectl reads them (fabric8 merges the files of {@code KUBECONFIG}). The
 * server URL is known for the context in use, which is the one messages are about.
 */
public final class KubeContexts {

    private KubeContexts() {
    }

    /** Every context of the configuration, by name as kubectl lists them, the current one marked. */
    public static List<KubeContext> of(Config config) {
        String current = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
        List<NamedContext> contexts = config.getContexts() == null ? List.of() : config.getContexts();
        return contexts.stream().map(context -> {
            String cluster = context.getContext() == null ? null : context.getContext().getCluster();
            boolean isCurrent = context.getName().equals(current);
            return new KubeContext(context.getName(), cluster, isCurrent ? config.getMasterUrl() : "",
                    KubeContext.kindOf(context.getName(), cluster), isCurrent);
        }).sorted(java.util.Comparator.comparing(KubeContext::name)).toList();
    }

    /**
     * The context a command acts on, checked as kubectl checks it: never another one than the user named.
     *
     * @param config a configuration loaded for {@code asked} (fabric8 falls back silently to the current context
     *               when {@code asked} is not in the kubeconfig, and to {@code https://kubernetes.default.svc} when
     *               there is no current context: both are caught here)
     * @param asked  the {@code --context} given, or null for the kubeconfig's current context
     * @param source where the kubeconfig was read from, for the message ({@code ~/.kube/config}, {@code
     *               KUBECONFIG=a:b}, a file)
     * @throws ContextNotFoundException when {@code asked} is not a context of the kubeconfig, or none was asked and
     *                                  the kubeconfig has no current context (none set, or one naming a context it
     *                                  does not hold); the message lists the contexts and says what to do
     */
    public static KubeContext chosen(Config config, String asked, String source) throws ContextNotFoundException {
        List<KubeContext> contexts = of(config);
        if (contexts.isEmpty()) {
            throw new ContextNotFoundException((asked == null ? "" : "context \"" + asked + "\" does not exist: ")
                    + "the kubeconfig (" + source + ") has no contexts, so it names no cluster to act on: start"
                    + " minikube (`minikube start`) or kind (`kind create cluster`), each adds its context, or use"
                    + " Ingress Lab's sandbox: run `ingress-lab demo --empty` and paste the `export KUBECONFIG=…`"
                    + " line it prints");
        }
        KubeContext current = contexts.stream().filter(KubeContext::current).findFirst().orElse(null);
        if (asked != null && (current == null || !current.name().equals(asked))) {
            throw new ContextNotFoundException("context \"" + asked + "\" does not exist in the kubeconfig ("
                    + source + "); its contexts: " + names(contexts) + ". Name one of them with --context (they are"
                    + " listed by `ingress-lab contexts` and `kubectl config get-contexts`)");
        }
        if (current == null) {
            throw new ContextNotFoundException("the kubeconfig (" + source + ") has no current context (its"
                    + " current-context is not set, or names a context it does not hold), so it names no cluster to"
                    + " act on; its contexts: " + names(contexts) + ". Name one with --context, or make one current"
                    + " with `kubectl config use-context NAME`");
        }
        return current;
    }

    private static String names(List<KubeContext> contexts) {
        return contexts.stream().map(c -> c.name() + (c.current() ? " (current)" : ""))
                .collect(Collectors.joining(", "));
    }

    /** The context the configuration uses; one made of the API server URL when the kubeconfig has none. */
    public static KubeContext current(Config config) {
        return of(config).stream().filter(KubeContext::current).findFirst().orElse(new KubeContext("(none)", null,
                config.getMasterUrl(), KubeContext.Kind.OTHER, true));
    }
}
