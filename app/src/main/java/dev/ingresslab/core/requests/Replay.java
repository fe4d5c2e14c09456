package dev.ingresslab.core.requests;

import dev.ingresslab.core.SessionJournal;
import dev.ingresslab.core.Subscription;
import dev.ingresslab.proxy.RequestRecord;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays a request through the proxy and finds the journal's record of it by its {@code X-Request-Id}, so that
 * the view can show which rule the replayed request hit. Blocking: call it off the UI thread.
 */
public final class Replay {

    /**
     * The replay's outcome.
     *
     * @param requestId the {@code X-Request-Id} it was sent with
     * @param response  what the proxy answered
     * @param record    the journal's record of it; empty when the journal did not show it within the wait (its
     *                  feed dropped it under load, or the request never reached the proxy's router)
     */
    public record Result(String requestId, ReplayResponse response, Optional<RequestRecord> record) {

        /**
         * A note when the replay was decided by another rule than {@code original} (the edit changed the route),
         * or empty when the rule is the same or the record is missing.
         */
        public Optional<String> ruleChange(RequestRecord original) {
            return record.filter(r -> !r.route().equals(original.route()))
                    .map(r -> "another rule decided this time: " + r.route() + " (the original: " + original.route()
                            + ")");
        }
    }

    private final ReplayClient client;
    private final SessionJournal journal;
    private final Duration recordWait;

    /**
     * @param client     sends to the proxy
     * @param journal    the session's journal, where the replayed request's record appears
     * @param recordWait how long to wait for the record after the answer (the journal writes it as the exchange ends)
     */
    public Replay(ReplayClient client, SessionJournal journal, Duration recordWait) {
        this.client = client;
        this.journal = journal;
        this.recordWait = recordWait;
    }

    /**
     * Sends the request and waits for its record.
     *
     * @throws IOException when the proxy cannot be reached or does not answer (see {@link ReplayClient#send})
     */
    public Result send(ReplayRequest request) throws IOException {
        String given = request.header("X-Request-Id");
        String requestId = given != null ? given : "replay-" + UUID.randomUUID();
        long from = journal.count();
        CompletableFuture<RequestRecord> seen = new CompletableFuture<>();
        // subscribed before sending, so that the record cannot pass by unseen
        try (Subscription feed = journal.each(r -> {
            if (r.sequence() >= from && r.requestId().equals(requestId)) {
                seen.complete(r);
            }
        })) {
            ReplayResponse response = client.send(request, requestId);
            return new Result(requestId, response, await(seen, requestId, from));
        }
    }

    private Optional<RequestRecord> await(CompletableFuture<RequestRecord> seen, String requestId, long from) {
        try {
            return Optional.of(seen.get(recordWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return findInRing(requestId, from); // the feed drops records when its subscribers fall behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private Optional<RequestRecord> findInRing(String requestId, long from) {
        int since = (int) Math.min(Integer.MAX_VALUE, Math.max(1, journal.count() - from));
        List<RequestRecord> recent = journal.recent(since);
        for (int i = recent.size() - 1; i >= 0; i--) {
            RequestRecord record = recent.get(i);
            if (record.requestId().equals(requestId) && record.sequence() >= from) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }
}
