package dev.ingresslab.core;

import java.time.Duration;

/**
 * A subscriber's handle on a {@link LabSession}'s events or journal: closing it stops the deliveries (an event
 * being delivered finishes first). Closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Waits until everything published before this call has been delivered to this subscriber (or the timeout
     * passes, or the subscription is closed). For the command line, which prints a session's start events before
     * its own next line; never call it on the thread the deliveries come on.
     *
     * @return true when all was delivered within the timeout
     */
    boolean awaitDelivered(Duration timeout) throws InterruptedException;

    /** How many deliveries this subscriber missed because it fell too far behind (its queue was full). */
    long dropped();

    @Override
    void close();
}
