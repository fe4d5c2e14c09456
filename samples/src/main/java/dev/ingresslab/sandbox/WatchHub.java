package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One watch on the object store per kind, shared by every client watch of that kind, as kube-apiserver's watch cache
 * serves all its watchers from one etcd watch ({@code staging/src/k8s.io/apiserver/pkg/storage/cacher}). A client
 * watch subscribes and unsubscribes; the store's watch stays open until the sandbox stops. This is what keeps the
 * store alive: fabric8's mock server closes a watch on its event loop and waits there for that watch's pending
 * sends, which wait on the same loop, so closing store watches while events flow wedged it (a dropped slow watcher
 * used to close one). Subscribers must not block: they are called on the store watch's thread.
 */
final class WatchHub implements AutoCloseable {

    /** Where a kind's events go. */
    interface Subscriber {
        void event(Watcher.Action action, GenericKubernetesResource object);

        /** The store's watch ended (the sandbox is stopping): no more events will come. */
        void ended();
    }

    /** Ends a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final KubernetesClient store;
    private final Map<ApiResources.Resource, Feed> feeds = new ConcurrentHashMap<>();

    WatchHub(KubernetesClient store) {
        this.store = store;
    }

    /**
     * Subscribes to every event of {@code resource}'s kind, in all namespaces, from now on. The objects come in their
     * stored version: one store watch serves every version of a kind (the v1beta1 and v1 ReferenceGrant).
     */
    Subscription subscribe(ApiResources.Resource resource, Subscriber subscriber) {
        ApiResources.Resource stored = ApiResources.find(ApiResources.storageVersion(resource), resource.name())
                .orElseThrow();
        Feed feed = feeds.computeIfAbsent(stored, this::open);
        feed.subscribers.add(subscriber);
        return () -> feed.subscribers.remove(subscriber);
    }

    private Feed open(ApiResources.Resource resource) {
        Feed feed = new Feed(resource);
        feed.watch = store.genericKubernetesResources(resource.groupVersion(), resource.kind()).inAnyNamespace()
                .watch(feed);
        return feed;
    }

    @Override
    public void close() {
        feeds.values().forEach(feed -> feed.watch.close());
        feeds.clear();
    }

    private final class Feed implements Watcher<GenericKubernetesResource> {
        private final ApiResources.Resource resource;
        private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
        private volatile Watch watch;

        Feed(ApiResources.Resource resource) {
            this.resource = resource;
        }

        @Override
        public void eventReceived(Action action, GenericKubernetesResource object) {
            subscribers.forEach(subscriber -> subscriber.event(action, object));
        }

        @Override
        public void onClose(WatcherException cause) {
            feeds.remove(resource, this);
            subscribers.forEach(Subscriber::ended);
        }
    }
}
