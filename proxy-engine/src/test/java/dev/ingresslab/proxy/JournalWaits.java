package dev.ingresslab.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/**
 * Waits for what a test reads from a {@link RequestJournal}. A record is counted ({@link RequestJournal#count}) when
 * its number is claimed and listed ({@link RequestJournal#recent}) a moment later, once stored; and the proxy records
 * an exchange after its response is out, so a client can have its answer before either. Waiting for the count and
 * then reading the list is a race: wait for the list.
 */
final class JournalWaits {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private JournalWaits() {
    }

    /**
     * Waits (at most 10 s) until the journal has counted {@code count} records and lists the newest of them (all
     * {@code count}, or as many as its ring keeps); returns them, oldest first. Fails the test when it does not.
     */
    static List<RequestRecord> awaitListed(RequestJournal journal, long count) throws InterruptedException {
        int expected = (int) Math.min(count, journal.capacity());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<RequestRecord> listed = journal.recent(expected);
        while ((journal.count() < count || listed.size() < expected) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            listed = journal.recent(expected);
        }
        assertThat(journal.count()).as("records counted by the journal").isGreaterThanOrEqualTo(count);
        assertThat(listed).as("records listed by the journal").hasSize(expected);
        return listed;
    }
}
