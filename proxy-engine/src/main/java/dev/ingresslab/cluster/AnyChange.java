package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** An informer handler that only says "something changed": for owners that recompute from the stores. */
public final class AnyChange<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final Runnable changed;

    private AnyChange(Runnable changed) {
        this.changed = changed;
    }

    /** A handler for any kind, typed where it is used. */
    public static <T extends HasMetadata> AnyChange<T> then(Runnable changed) {
        return new AnyChange<>(changed);
    }

    @Override
    public void onAdd(T object) {
        changed.run();
    }

    @Override
    public void onUpdate(T before, T after) {
        changed.run();
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        changed.run();
    }
}
