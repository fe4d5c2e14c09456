package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Informers started together, then waited for together. fabric8's {@code inform(handler)} starts one informer and
 * blocks until its first list is in, so starting n kinds that way costs n round trips to the API server one after
 * another (a LIST, then the WATCH opened); started here, their lists overlap. Once {@link #awaitFirstLists} returns,
 * each informer's store holds its first list, as after {@code inform}.
 *
 * <p>Not thread-safe: one owner starts, then waits, on one thread.
 */
final class InformerStarts {

    private final List<SharedIndexInformer<?>> started = new ArrayList<>();
    private final List<CompletableFuture<Void>> firstLists = new ArrayList<>();

    /**
     * Starts an informer on {@code source} (no resync) whose every add, update and delete calls {@code changed}, and
     * returns it at once: its store fills when its first list is in.
     */
    <T extends HasMetadata> SharedIndexInformer<T> start(Informable<T> source, Runnable changed) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        informer.addEventHandler(AnyChange.then(changed));
        started.add(informer);
        firstLists.add(informer.start().toCompletableFuture());
        return informer;
    }

    /**
     * Waits until every informer started here has its first list. When one failed, stops all of them (none is left
     * watching without its owner knowing of it) and throws the failure of the first one started that failed, as its
     * own {@code inform} would have thrown it.
     *
     * @throws KubernetesClientException the first failure: the API server refused (its code, e.g. 403) or could not be
     *                                   reached; or the wait was interrupted
     */
    void awaitFirstLists() {
        try {
            for (CompletableFuture<Void> firstList : firstLists) {
                Utils.waitUntilReadyOrFail(firstList, -1, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            started.forEach(SharedIndexInformer::stop);
            throw e;
        }
    }
}
