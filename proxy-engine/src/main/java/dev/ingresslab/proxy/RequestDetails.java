package dev.ingresslab.proxy;

import dev.ingresslab.tls.ServedCertificate;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a record carries for the GUI's details pane and replay, when a {@link JournalSubscriber} asked for it
 * ({@link JournalSubscriber#wantsDetails}): the request head as the proxy received it, the response head it sent to
 * the client, and on https the certificate served. Each head is at most {@link #MAX_HEAD_BYTES} bytes: a longer
 * head is cut there and flagged {@code truncated}. {@link HeadText#parse} turns them into header lists, when asked
 * ({@link #request}, {@link #response}): off the IO threads.
 *
 * <p>The heads are the bytes on the wire for the requests the proxy's own front serves (plain HTTP/1.1). For the
 * requests Undertow parses (HTTPS, HTTP/2, bodies, upgrades, and the answers the proxy gives itself: 404, 503,
 * redirects), Undertow keeps no raw bytes: the heads are written back from its parsed fields in HTTP/1.1 form, the
 * request-target as routed, the fields grouped by name ({@link ExchangeHeads}).
 *
 * <p>Both heads sit in one array, the request's then the response's: the IO thread that serves a request makes one
 * allocation and two copies for its details, and the heap holds one array per kept record instead of two.
 * Immutable: the array is never handed out ({@link #requestHead} and {@link #responseHead} return copies).
 *
 * <p>No routing decision: the record says which rule decided and where the request went ({@link RequestRecord#route},
 * {@link RequestRecord#upstreamTarget}), and the GUI explains a record again on the routes in force. The window keeps
 * ten thousand records and every young collection copies what they hold: a per-request {@code Decision} and its
 * path strings would be a third of each record's details (docs/benchmarks.md, session 11).
 */
public final class RequestDetails {

    /** The most bytes of each head a record keeps: 16 KiB, the front's whole read buffer. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    private static final byte[] NONE = new byte[0];

    /** The request head's bytes, then the response head's. */
    private final byte[] heads;
    private final int requestLength;
    private final boolean requestHeadTruncated;
    private final boolean responseHeadTruncated;
    private final ServedCertificate served;

    /**
     * @param requestHead           the request line and fields, each line ended by CRLF, and the empty line (copied,
     *                              cut at {@link #MAX_HEAD_BYTES})
     * @param requestHeadTruncated  true when the request head was longer than {@link #MAX_HEAD_BYTES}
     * @param responseHead          the status line and fields sent to the client, as {@code requestHead}; empty when
     *                              no response head was sent (the client went away first)
     * @param responseHeadTruncated true when the response head was longer than {@link #MAX_HEAD_BYTES}
     * @param served                on https, the SNI name the client sent and the certificate it was presented (from
     *                              the handshake, {@link dev.ingresslab.tls.SniKeyManager#served}); null on http
     */
    public RequestDetails(byte[] requestHead, boolean requestHeadTruncated, byte[] responseHead,
                          boolean responseHeadTruncated, ServedCertificate served) {
        this(join(Objects.requireNonNull(requestHead, "requestHead"), 0, requestHead.length,
                        Objects.requireNonNull(responseHead, "responseHead"), 0, responseHead.length),
                Math.min(requestHead.length, MAX_HEAD_BYTES), requestHeadTruncated, responseHeadTruncated, served);
    }

    /** Over {@code heads} as {@link #join} made it, not copied: the caller hands it over. */
    RequestDetails(byte[] heads, int requestLength, boolean requestHeadTruncated,
                           boolean responseHeadTruncated, ServedCertificate served) {
        this.heads = heads;
        this.requestLength = requestLength;
        this.requestHeadTruncated = requestHeadTruncated;
        this.responseHeadTruncated = responseHeadTruncated;
        this.served = served;
    }

    /**
     * One array of both heads, from the ranges they occupy where the proxy holds them (the front's read buffer, the
     * thread's {@link HeadComposer}), each cut at {@link #MAX_HEAD_BYTES}: one allocation, two copies. The ranges are
     * read now; the caller may reuse them afterwards.
     */
    static byte[] join(byte[] request, int requestFrom, int requestTo, byte[] response, int responseFrom,
                               int responseTo) {
        int requestBytes = Math.min(requestTo - requestFrom, MAX_HEAD_BYTES);
        int responseBytes = Math.min(responseTo - responseFrom, MAX_HEAD_BYTES);
        byte[] heads = new byte[requestBytes + responseBytes];
        System.arraycopy(request, requestFrom, heads, 0, requestBytes);
        System.arraycopy(response, responseFrom, heads, requestBytes, responseBytes);
        return heads;
    }

    /** A copy of the request head's bytes: the request line and fields, each line ended by CRLF, the empty line. */
    public byte[] requestHead() {
        return Arrays.copyOfRange(heads, 0, requestLength);
    }

    /** True when the request head was longer than {@link #MAX_HEAD_BYTES} (its copy is cut there). */
    public boolean requestHeadTruncated() {
        return requestHeadTruncated;
    }

    /** A copy of the response head's bytes, as {@link #requestHead}; empty when none was sent. */
    public byte[] responseHead() {
        return Arrays.copyOfRange(heads, requestLength, heads.length);
    }

    /** True when the response head was longer than {@link #MAX_HEAD_BYTES}. */
    public boolean responseHeadTruncated() {
        return responseHeadTruncated;
    }

    /** On https, the SNI name and the certificate served; null on http. */
    public ServedCertificate served() {
        return served;
    }

    /** The request head, parsed (off the IO threads, when asked). */
    public HeadText request() {
        return HeadText.parse(requestHead(), requestHeadTruncated);
    }

    /** The response head, parsed. */
    public HeadText response() {
        return HeadText.parse(responseHead(), responseHeadTruncated);
    }

    /** Heads compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RequestDetails that && requestLength == that.requestLength
                && Arrays.equals(heads, that.heads) && requestHeadTruncated == that.requestHeadTruncated
                && responseHeadTruncated == that.responseHeadTruncated && Objects.equals(served, that.served);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(heads) + requestLength;
    }

    @Override
    public String toString() {
        return "RequestDetails[" + requestLength + " + " + (heads.length - requestLength) + " head bytes]";
    }

    /** No head: what a request that sent no response head has for one. */
    static byte[] none() {
        return NONE;
    }

    /** How many bytes of {@code head} a record keeps. */
    static int kept(int head) {
        return Math.min(head, MAX_HEAD_BYTES);
    }
}
