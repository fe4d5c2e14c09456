package dev.ingresslab.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The DNS name of an ExternalName endpoint, resolved when the proxy connects rather than when routes are compiled:
 * off the IO threads, on the pools' resolver thread, when the endpoint's pool opens, and again once the last answer is
 * older than {@link #VALID_NANOS} (ingress-nginx's {@code resolver … valid=30s}); an answer that failed is retried
 * after {@link #RETRY_NANOS}. A failed refresh keeps the last good address, as a resolver cache serves a stale entry.
 */
final class NameResolution {

    /** How long an answer is used before it is asked again: ingress-nginx's resolver {@code valid=30s}. */
    static final long VALID_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How soon a name that did not resolve is asked again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long the first request may wait for the first answer (only right after the route table names the host). */
    static final long FIRST_WAIT_MILLIS = 2_000;

    private final String name;
    private final int port;
    private final Executor resolver;
    private final Consumer<InetSocketAddress> onResolved;
    private final AtomicBoolean asking = new AtomicBoolean();
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private volatile InetSocketAddress address;
    private volatile String failure;
    private volatile long dueNanos;

    /**
     * Starts resolving at once.
     *
     * @param onResolved told every new address (the pool's lean path connects to it)
     */
    NameResolution(String name, int port, Executor resolver, Consumer<InetSocketAddress> onResolved) {
        this.name = name;
        this.port = port;
        this.resolver = resolver;
        this.onResolved = onResolved;
        ask();
    }

    /**
     * The address to connect to now; asks again in the background when the answer is due.
     *
     * @throws IllegalStateException when the name does not resolve (or has not resolved in time); the message says
     *                               what to check
     */
    InetSocketAddress current() {
        InetSocketAddress known = address;
        if (known == null && failure == null) {
            awaitFirstAnswer();
            known = address;
        }
        if (System.nanoTime() - dueNanos > 0) {
            ask();
        }
        if (known != null) {
            return known;
        }
        String why = failure;
        throw new IllegalStateException("the ExternalName " + name + " does not resolve"
                + (why == null ? " yet (no answer within " + FIRST_WAIT_MILLIS + " ms)" : ": " + why)
                + "; check the Service's spec.externalName, and that this machine resolves it (getent hosts " + name
                + "); Ingress Lab asks again every " + TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS) + " s");
    }

    private void awaitFirstAnswer() {
        try {
            // only the requests that arrive before the first answer wait, and never longer than this
            firstAnswer.await(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ask() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        try {
            resolver.execute(this::resolve);
        } catch (RuntimeException rejected) { // the proxy is closing
            asking.set(false);
        }
    }

    private void resolve() {
        try {
            InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByName(name), port);
            address = resolved;
            failure = null;
            dueNanos = System.nanoTime() + VALID_NANOS;
            onResolved.accept(resolved);
        } catch (UnknownHostException | SecurityException e) {
            failure = "no address for " + name + " (" + e.getClass().getSimpleName() + ")";
            dueNanos = System.nanoTime() + RETRY_NANOS;
        } finally {
            asking.set(false);
            firstAnswer.countDown();
        }
    }
}
