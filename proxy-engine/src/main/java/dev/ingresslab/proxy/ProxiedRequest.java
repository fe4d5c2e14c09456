package dev.ingresslab.proxy;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.RouteTable;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;

/**
 * What the proxy knows about one request while it is in flight: the decision, the endpoints tried, and the
 * timings. Confined to its exchange (Undertow runs an exchange's callbacks one at a time), so it needs no locks.
 * It is also the exchange's hook for its end: it journals itself when the exchange completes and has a failed
 * forward explained ({@link UpstreamFailurePage}). One object per request serves all three, where an attachment
 * and shared listeners would cost the exchange an attachment map per request.
 */
final class ProxiedRequest implements ExchangeCompletionListener, DefaultResponseListener {

    /** The table the request was decided by: it stays in force for this request, whatever swaps happen. */
    final RouteTable table;
    final Decision decision;
    /** The request-target as the client sent it. */
    final String target;
    final String requestId;
    /** The client's address as text, or empty. */
    final String client;
    /** The rule that decided ({@code X-Ingress-Lab-Route}'s value), or the reason there was none. */
    final String route;
    final long startNanos;
    final long startMillis;
    private final JournalWriter journal;
    /**
     * The Host the client sent, when an HTTPRoute filter changed the Host sent upstream (URLRewrite hostname, a
     * RequestHeaderModifier on Host): X-Forwarded-Host still says the client's. Null when the Host is unchanged.
     */
    String clientHost;
    /** The pool of the endpoint tried last; null before the first attempt. */
    EndpointPools.Pool pool;
    int attempts;
    /** Whether the request already waited for its ExternalName's first answer: it waits once, then is answered. */
    boolean waitedForName;
    /** When the last connection began to be opened; 0 while the request only used pooled ones. */
    long connectStartNanos;
    long connectedNanos;
    long firstByteNanos;
    /** Why the last connection attempt failed, in words; null when none failed. */
    String connectFailure;
    /** The endpoint answered, but with a response the proxy cannot forward ({@link #connectFailure} says why). */
    boolean responseMalformed;
    /**
     * Why the response was cut short after its head went to the client, and by whom ("the endpoint closed after 1000
     * of 100000 bytes", "the client went away after ..."); null for a response that completed. The journal's note.
     */
    String responseBreak;
    /** What was wrong with the client's request body, found while it was forwarded; null when nothing was. */
    String requestFault;
    /**
     * Where the request head is while the request is in flight, for {@link RequestDetails}: the front's read buffer
     * (which keeps a head's bytes as they are until its response is through), or an array of its own written back
     * from Undertow's fields; null when no journal subscriber asked for details when the request started (then
     * nothing of the heads is copied), and once both heads are in {@link #heads}.
     */
    private byte[] receivedIn;
    private int receivedFrom;
    private int receivedTo;
    /** Both heads, the request's then the response's, once the response head is out; null until then. */
    private byte[] heads;
    private int requestHeadBytes;
    private boolean requestHeadTruncated;
    private boolean responseHeadTruncated;

    ProxiedRequest(RouteTable table, Decision decision, String target, String requestId, String client,
                   long startNanos, long startMillis, JournalWriter journal) {
        this.table = table;
        this.decision = decision;
        this.route = table.routeHeader(decision);
        this.target = target;
        this.requestId = requestId;
        this.client = client;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
        this.journal = journal;
    }

    /**
     * Marks where the request head {@code bytes[from, to)} is, for the journal's details: nothing is copied until
     * the response head is out ({@link #sent}), and the bytes must stay as they are until then.
     */
    void received(byte[] bytes, int from, int to) {
        receivedIn = bytes;
        receivedFrom = from;
        receivedTo = to;
    }

    /** Keeps a request head written back from Undertow's parsed fields ({@link ExchangeHeads}). */
    void received(byte[] head) {
        received(head, 0, head.length);
    }

    /** Whether this request's heads are captured for the journal's details. */
    boolean capturing() {
        return receivedIn != null || heads != null;
    }

    /** Whether the response head was kept (when {@link #capturing}). */
    boolean sentKept() {
        return heads != null;
    }

    /** Keeps the response head composed for the client (when {@link #capturing}), with the request's, in one array. */
    void sent(HeadComposer composer) {
        keep(composer.buffer(), 0, composer.length());
    }

    /** Keeps a response head written back from Undertow's fields ({@link ExchangeHeads}). */
    void sent(byte[] head) {
        keep(head, 0, head.length);
    }

    private void keep(byte[] response, int from, int to) {
        if (receivedIn == null) {
            return; // not capturing, or a response head kept already
        }
        heads = RequestDetails.join(receivedIn, receivedFrom, receivedTo, response, from, to);
        requestHeadBytes = RequestDetails.kept(receivedTo - receivedFrom);
        requestHeadTruncated = receivedTo - receivedFrom > RequestDetails.MAX_HEAD_BYTES;
        responseHeadTruncated = to - from > RequestDetails.MAX_HEAD_BYTES;
        receivedIn = null; // the front's buffer is not read past this point: it serves the next request
    }

    /**
     * The request's details for its record, with an empty response head when none went out (the client or the
     * endpoint went away first); null when not {@link #capturing}. Reads the request head now if it is still where
     * it was received.
     */
    RequestDetails details(dev.ingresslab.tls.ServedCertificate served) {
        keep(RequestDetails.none(), 0, 0);
        return heads == null ? null : new RequestDetails(heads, requestHeadBytes, requestHeadTruncated,
                responseHeadTruncated, served);
    }

    boolean tried(Endpoint candidate) {
        return pool != null && candidate.equals(pool.endpoint);
    }

    void attempt(EndpointPools.Pool next) {
        pool = next;
        attempts++;
    }

    /** A connection is being opened (or asked of a pool that may open one): the connect time starts. */
    void connecting() {
        connectStartNanos = System.nanoTime();
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
        try {
            journal.write(exchange, this);
        } finally {
            next.proceed();
        }
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        return UpstreamFailurePage.explain(exchange, this);
    }
}
