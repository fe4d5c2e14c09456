package dev.ingresslab.proxy;

import java.util.List;

/**
 * A consumer of the {@link RequestJournal}'s records, fed in batches on a thread of its own (one per subscriber), so
 * that what it does per batch (one write to a log, one hop to a UI thread) is paid once for many requests and never
 * on the proxy's IO threads. See {@link RequestJournal#subscribeBatches}.
 */
@FunctionalInterface
public interface JournalSubscriber {

    /**
     * The records recorded since the last batch, oldest first, in the order the journal numbered them (per client
     * connection, the order its requests finished). Never empty; at most {@link RequestJournal#MAX_BATCH} records.
     * A {@link RuntimeException} thrown here is swallowed: the subscriber reports its own failures.
     */
    void accept(List<RequestRecord> batch);

    /**
     * Called, before the next batch, with how many records this subscriber missed because it fell more than the
     * journal's capacity behind (they were overwritten before it read them). The proxy never waits for a subscriber.
     */
    default void missed(long count) {
    }

    /**
     * Called once on the subscriber's thread after its last batch, when its subscription or the journal closes:
     * where a subscriber flushes what it buffered.
     */
    default void closed() {
    }

    /**
     * Whether records should carry their {@link RequestDetails} (request and response heads, the decision) while this
     * subscriber is subscribed. Off by default: capturing them costs the IO threads a copy of both heads.
     */
    default boolean wantsDetails() {
        return false;
    }
}
