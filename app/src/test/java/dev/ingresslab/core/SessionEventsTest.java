package dev.ingresslab.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event feed: order, isolation of slow and throwing subscribers, history, bounded queues. */
class SessionEventsTest {

    private static SessionEvent.Notice notice(int number) {
        return new SessionEvent.Notice(Instant.now(), "event " + number);
    }

    @Test
    void eachSubscriberGetsEveryEventInOrderOnItsOwnThread() throws Exception {
        SessionEvents events = new SessionEvents();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Subscription subscription = events.subscribe(event -> {
            seen.add(event.text());
            threads.add(Thread.currentThread().getName());
        });
        IntStream.range(0, 100).forEach(i -> events.publish(notice(i)));
        assertThat(subscription.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "event " + i).toList());
        assertThat(threads).allMatch(name -> name.startsWith("ingress-lab-events-"))
                .doesNotContain(Thread.currentThread().getName());
        events.close(Duration.ofSeconds(1));
    }

    @Test
    void aSlowSubscriberBlocksNeitherThePublisherNorTheOthers() throws Exception {
        SessionEvents events = new SessionEvents();
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> released = new CopyOnWriteArrayList<>();
        Subscription slow = events.subscribe(event -> {
            try {
                released.add(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<SessionEvent> fast = new CopyOnWriteArrayList<>();
        Subscription quick = events.subscribe(fast::add);
        int published = SessionEvents.QUEUE_CAPACITY + 50;
        IntStream.range(0, published).forEach(i -> events.publish(notice(i)));
        // no clock decides it: a publisher that waited for the slow one would be here only after its 10 s wait
        assertThat(released).as("publishing never waits: the slow one is still held, by the test alone").isEmpty();
        assertThat(quick.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(fast).hasSize(published);
        assertThat(slow.dropped()).as("beyond its queue, the slow one loses events, counted")
                .isBetween(49L, 50L);
        release.countDown();
        assertThat(slow.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(released).as("every wait ended by the release").isNotEmpty().doesNotContain(false);
        events.close(Duration.ofSeconds(1));
    }

    @Test
    void aThrowingSubscriberLosesOnlyThatEvent() throws Exception {
        SessionEvents events = new SessionEvents();
        List<String> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = events.subscribe(event -> {
            if (event.text().equals("event 1")) {
                throw new IllegalStateException("a broken view");
            }
            seen.add(event.text());
        });
        IntStream.range(0, 3).forEach(i -> events.publish(notice(i)));
        assertThat(subscription.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly("event 0", "event 2");
        events.close(Duration.ofSeconds(1));
    }

    @Test
    void aLateSubscriberCanHaveTheHistoryFirst() throws Exception {
        SessionEvents events = new SessionEvents();
        events.publish(notice(0));
        events.publish(notice(1));
        List<String> late = new CopyOnWriteArrayList<>();
        List<String> withHistory = new CopyOnWriteArrayList<>();
        Subscription plain = events.subscribe(event -> late.add(event.text()));
        Subscription replayed = events.subscribeWithHistory(event -> withHistory.add(event.text()));
        events.publish(notice(2));
        assertThat(plain.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(replayed.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(late).containsExactly("event 2");
        assertThat(withHistory).containsExactly("event 0", "event 1", "event 2");
        events.close(Duration.ofSeconds(1));
    }

    @Test
    void closingASubscriptionStopsItsDeliveriesAndAwaitingOnItsOwnThreadIsRefused() throws Exception {
        SessionEvents events = new SessionEvents();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] = events.subscribe(event -> {
            seen.add(event.text());
            try {
                self[0].awaitDelivered(Duration.ofSeconds(1));
            } catch (IllegalStateException | InterruptedException e) {
                refused.add(e);
            }
        });
        events.publish(notice(0));
        assertThat(self[0].awaitDelivered(Duration.ofSeconds(10))).isTrue();
        self[0].close();
        events.publish(notice(1));
        Thread.sleep(200);
        assertThat(seen).containsExactly("event 0");
        assertThat(refused).singleElement().isInstanceOf(IllegalStateException.class);
        events.close(Duration.ofSeconds(1));
    }

    @Test
    void nothingIsPublishedOnceClosed() throws Exception {
        SessionEvents events = new SessionEvents();
        List<String> seen = new CopyOnWriteArrayList<>();
        events.subscribe(event -> seen.add(event.text()));
        events.publish(notice(0));
        events.close(Duration.ofSeconds(5));
        events.publish(notice(1));
        assertThat(seen).as("what was queued is delivered by close").containsExactly("event 0");
        assertThatThrownBy(() -> new SessionJournal(null).subscribe(Duration.ZERO, batch -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    }
}
