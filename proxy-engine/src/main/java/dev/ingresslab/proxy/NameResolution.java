package dev.ingresslab.proxy;

import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The DNS name of an ExternalName endpoint, resolved when the proxy connects rather than when routes are compiled:
 * off the IO threads, on the pools' resolver thread, when the endpoint's pool opens, and again once the last answer is
 * older than {@link #VALID_NANOS} (ingress-nginx's {@code resolver … valid=30s}); an answer that failed is retried
 * after {@link #RETRY_NANOS}. A failed refresh keeps the last good address, as a resolver cache serves a stale entry.
 * Nothing here blocks: a request that arrives before the first answer registers a continuation ({@link
 * #whenAnswered}) that its IO thread runs when the answer comes, or after {@link #FIRST_WAIT_MILLIS}.
 */
final class NameResolution {

    /** How long an answer is used before it is asked again: ingress-nginx's resolver {@code valid=30s}. */
    static final long VALID_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How soon a name that did not resolve is asked again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a request may wait for the first answer (only right after the route table names the host). */
    static final long FIRST_WAIT_MILLIS = 2_000;

    private final String name;
    private final int port;
    private final Executor resolver;
    private final NameResolver lookup;
    private final Consumer<InetSocketAddress> onResolved;
    private final AtomicBoolean asking = new AtomicBoolean();
    /** Requests waiting for the first answer; emptied when it comes, each also leaves when its wait ends. */
    private final Queue<Waiter> waiting = new ConcurrentLinkedQueue<>();
    private volatile InetSocketAddress address;
    private volatile String failure;
    private volatile long dueNanos;

    /**
     * Starts resolving at once, on {@code resolver}.
     *
     * @param lookup     the blocking lookup, run on {@code resolver} only
     * @param onResolved told every new address (the pool's lean path connects to it)
     */
    NameResolution(String name, int port, Executor resolver, NameResolver lookup,
                   Consumer<InetSocketAddress> onResolved) {
        this.name = name;
        this.port = port;
        this.resolver = resolver;
        this.lookup = lookup;
        this.onResolved = onResolved;
        ask();
    }

    /** Whether the name has been answered at least once, with an address or a failure. */
    boolean answered() {
        return address != null || failure != null;
    }

    /** Asks again in the background when the last answer is due; never waits. */
    void refreshIfDue() {
        if (System.nanoTime() - dueNanos > 0) {
            ask();
        }
    }

    /**
     * Runs {@code then} on {@code thread} once the first answer is in, or after {@link #FIRST_WAIT_MILLIS} without
     * one, whichever comes first, exactly once; returns at once. {@code then} reads {@link #answered()} to tell.
     */
    void whenAnswered(XnioIoThread thread, Runnable then) {
        Waiter waiter = new Waiter(thread, then);
        waiting.add(waiter);
        waiter.deadline = thread.executeAfter(waiter::timedOut, FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (answered()) { // the answer came between the caller's check and the add: nobody else will wake it
            wakeWaiters();
        }
    }

    /**
     * Why there is no address to connect to: the name did not resolve, or has not in time. Says what to check.
     */
    String problem() {
        String why = failure;
        return "the ExternalName " + name + " does not resolve"
                + (why == null ? " yet (no answer within " + FIRST_WAIT_MILLIS + " ms)" : ": " + why)
                + "; check the Service's spec.externalName, and that this machine resolves it (getent hosts " + name
                + "); Ingress Lab asks again every " + TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS) + " s";
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
            InetSocketAddress resolved = new InetSocketAddress(lookup.lookup(name), port);
            onResolved.accept(resolved); // first: once answered() is true, the pool has the address
            address = resolved;
            failure = null;
            dueNanos = System.nanoTime() + VALID_NANOS;
        } catch (UnknownHostException | SecurityException e) {
            failure = "no address for " + name + " (" + e.getClass().getSimpleName() + ")";
            dueNanos = System.nanoTime() + RETRY_NANOS;
        } finally {
            asking.set(false);
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        for (Waiter waiter; (waiter = waiting.poll()) != null; ) {
            waiter.wake();
        }
    }

    /** One request's wait: run once, on its IO thread, by the answer or by its deadline. */
    private final class Waiter {
        private final XnioIoThread thread;
        private final Runnable then;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile XnioExecutor.Key deadline;

        Waiter(XnioIoThread thread, Runnable then) {
            this.thread = thread;
            this.then = then;
        }

        /** The answer came (called on the resolver thread, or the IO thread that registered it). */
        void wake() {
            if (done.compareAndSet(false, true)) {
                XnioExecutor.Key key = deadline;
                if (key != null) {
                    key.remove();
                }
                thread.execute(then);
            }
        }

        /** The wait ended without an answer (on the IO thread). */
        void timedOut() {
            if (done.compareAndSet(false, true)) {
                waiting.remove(this);
                then.run();
            }
        }
    }
}
