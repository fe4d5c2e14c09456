package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;

import java.util.List;

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

    /** The context the configuration uses; one made of the API server URL when the kubeconfig has none. */
    public static KubeContext current(Config config) {
        return of(config).stream().filter(KubeContext::current).findFirst().orElse(new KubeContext("(none)", null,
                config.getMasterUrl(), KubeContext.Kind.OTHER, true));
    }
}
