package dev.ingresslab.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How many items a subscriber's delivery thread has handed to its subscriber, and a wait for a number of them: what
 * {@code awaitDelivered} of the session's event and journal subscriptions stands on. Thread-safe: the delivery thread
 * adds, any other thread waits.
 */
final class DeliveryCount {

    private long delivered;

    /** {@code count} more items were handed over (or given up on): wakes the waiters. */
    synchronized void add(long count) {
        delivered += count;
        notifyAll();
    }

    /** Wakes the waiters without a delivery, so that they look again at whether the feed is still open. */
    synchronized void wake() {
        notifyAll();
    }

    /**
     * Waits until at least {@code target} items were delivered, the feed closed ({@code open} turns false; it is
     * asked after each wake-up) or the timeout passed.
     *
     * @return true when {@code target} items were delivered
     */
    synchronized boolean await(long target, Duration timeout, BooleanSupplier open) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.getAsBoolean() && delivered < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return delivered >= target;
    }
}
