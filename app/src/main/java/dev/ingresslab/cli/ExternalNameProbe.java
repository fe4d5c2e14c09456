package dev.ingresslab.cli;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tries, for explain, the name of an ExternalName Service a request is routed to: the proxy resolves it only when it
 * connects, so a name that does not resolve is routed (200 in explain) yet answered 502 by a running proxy. The look-up
 * runs on its own daemon thread, bounded by {@link #BOUND}, never on an IO thread; the system resolver is the one the
 * proxy would use.
 */
final class ExternalNameProbe {

    /** How long explain waits for the resolver before it says so and goes on. */
    static final Duration BOUND = Duration.ofSeconds(2);

    private ExternalNameProbe() {
    }

    /**
     * The note for {@code decision} when it routes to an ExternalName whose name does not resolve here now (or not
     * within {@link #BOUND}); empty when it resolves or the backend is no ExternalName.
     */
    static Optional<String> note(Decision decision) {
        Backend backend = decision.backend();
        if (backend == null || backend.endpoints().size() != 1 || !backend.endpoints().get(0).byName()) {
            return Optional.empty();
        }
        Endpoint target = backend.endpoints().get(0);
        String name = target.address();
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread resolving = new Thread(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(name));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        }, "explain-resolve-" + name);
        resolving.setDaemon(true);
        resolving.start();
        String then = ": a running proxy would answer this request 502; check spec.externalName of the Service "
                + backend.namespace() + "/" + backend.service() + " (try `getent hosts " + name + "`)";
        try {
            lookup.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("the ExternalName " + name + " did not resolve within " + BOUND.toSeconds() + " s here"
                    + then);
        } catch (ExecutionException e) {
            return Optional.of("the ExternalName " + name + " does not resolve here now" + then);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
