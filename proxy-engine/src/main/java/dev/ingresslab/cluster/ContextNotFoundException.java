package dev.ingresslab.cluster;

/**
 * The kubeconfig does not name the cluster a command would act on: the context asked for with {@code --context} is
 * not one of its contexts, or none was asked for and the kubeconfig has no usable current context. kubectl refuses
 * both ({@code error: context "nope" does not exist}); so do we, instead of falling back to another cluster as the
 * client library would (the current context, or {@code https://kubernetes.default.svc}). The message lists the
 * contexts there are and says what to do.
 */
public final class ContextNotFoundException extends Exception {

    public ContextNotFoundException(String message) {
        super(message);
    }
}
