package dev.ingresslab.sandbox;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads a request's whole body for a handler, within a size and a time limit, and answers what goes wrong with a
 * {@code Status} that closes the connection:
 * <ul>
 *   <li>over {@code limit} bytes, whether its {@code Content-Length} says so up front or its chunks add up to more:
 *       413 {@code RequestEntityTooLarge}, in kube-apiserver's words ("Request entity too large: limit is N");</li>
 *   <li>not all there within {@code timeout} of the head (a body that never ends): 408 {@code Timeout};</li>
 *   <li>unreadable framing (a malformed chunk, a connection closed mid-body): 400 {@code BadRequest}.</li>
 * </ul>
 * A 413 is sent as soon as it is known, and what is left of the body is then read and dropped (up to
 * {@link #DRAIN_BYTES} more, within the same timeout) before the connection closes, as nginx's lingering close does:
 * closing a socket with unread bytes resets it, and the reset can destroy the answer before the client reads it.
 * Counting is done here, not by Undertow's {@code MAX_ENTITY_SIZE} (which the listener must leave unset): that ends
 * a chunked request over it by closing the connection with no answer. The handler gets the body on a worker thread.
 */
final class RequestBodies {

    /** How much of a refused body is read and dropped before the connection is closed anyway. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;

    private final long limit;
    private final Duration timeout;

    /**
     * @param limit   the largest body, in bytes (3 MiB for the API server: {@link KubectlFront#MAX_BODY_BYTES})
     * @param timeout how long the whole body may take to arrive
     */
    RequestBodies(long limit, Duration timeout) {
        this.limit = limit;
        this.timeout = timeout;
    }

    /** Reads the body, then runs {@code handler} with it on a worker thread; or answers why it cannot. */
    void read(HttpServerExchange exchange, BiConsumer<HttpServerExchange, byte[]> handler) {
        new Reading(exchange, handler).start();
    }

    private ApiStatus tooLarge() {
        return new ApiStatus(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null);
    }

    /**
     * One body being read. Every method runs on the exchange's IO thread (the receiver's callbacks, the timer and
     * the sender's completion all do), so its fields need no lock.
     */
    private final class Reading {
        private final HttpServerExchange exchange;
        private final BiConsumer<HttpServerExchange, byte[]> handler;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private XnioExecutor.Key timer;
        /** Collecting the body; once refused, the rest is dropped. */
        private boolean refused;
        private boolean done;
        private boolean answerSent;
        private boolean bodyEnded;
        private long dropped;

        Reading(HttpServerExchange exchange, BiConsumer<HttpServerExchange, byte[]> handler) {
            this.exchange = exchange;
            this.handler = handler;
        }

        void start() {
            timer = exchange.getIoThread().executeAfter(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exchange.getRequestContentLength() > limit) {
                refuse(tooLarge());
            }
            exchange.getRequestReceiver().receivePartialBytes(this::received, (ex, error) -> failed(error));
        }

        private void received(HttpServerExchange ex, byte[] bytes, boolean last) {
            if (done) {
                return;
            }
            if (refused) {
                dropped += bytes.length;
                if (last) {
                    bodyEnded = true;
                    endWhenBoth();
                } else if (dropped > DRAIN_BYTES) {
                    close();
                }
                return;
            }
            body.write(bytes, 0, bytes.length);
            if (body.size() > limit) {
                body.reset();
                refuse(tooLarge());
                if (last) {
                    bodyEnded = true;
                    endWhenBoth();
                }
            } else if (last) {
                done = true;
                timer.remove();
                byte[] whole = body.toByteArray();
                ex.dispatch(worker -> handler.accept(worker, whole)); // a handler: one that throws is answered
            }
        }

        private void failed(IOException error) {
            if (done) {
                return;
            }
            if (refused) {
                close();
                return;
            }
            done = true;
            timer.remove();
            answerAndClose(error instanceof RequestTooBigException ? tooLarge()
                    : ApiStatus.badRequest("the request body cannot be read: " + error.getMessage(),
                    "send a body whose length or chunks are well formed (RFC 9112 §6, §7.1)"));
        }

        private void timedOut() {
            if (done) {
                return;
            }
            if (refused) {
                close();
                return;
            }
            done = true;
            answerAndClose(new ApiStatus(408, "Timeout", "the request body did not arrive within "
                    + timeout.toSeconds() + " s\nhint: send the whole body without pausing (kubectl does)", null));
        }

        /** Answers now and drops the rest of the body; the exchange ends when both are over. */
        private void refuse(ApiStatus status) {
            refused = true;
            prepare(status);
            exchange.getResponseSender().send(status.json(), StandardCharsets.UTF_8, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    answerSent = true;
                    endWhenBoth();
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException exception) {
                    close();
                }
            });
        }

        private void endWhenBoth() {
            if (answerSent && bodyEnded && !done) {
                done = true;
                timer.remove();
                exchange.endExchange();
            }
        }

        private void answerAndClose(ApiStatus status) {
            prepare(status);
            exchange.getResponseSender().send(status.json());
        }

        private void prepare(ApiStatus status) {
            exchange.setPersistent(false);
            exchange.setStatusCode(status.code());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }

        private void close() {
            done = true;
            timer.remove();
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
