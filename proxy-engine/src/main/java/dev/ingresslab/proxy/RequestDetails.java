package dev.ingresslab.proxy;

import dev.ingresslab.route.Decision;
import dev.ingresslab.tls.ServedCertificate;

import java.util.Arrays;

/**
 * What a record carries for the GUI's details pane and replay, when a {@link JournalSubscriber} asked for it
 * ({@link JournalSubscriber#wantsDetails}): the request head as the proxy received it, the response head it sent to
 * the client, and the routing decision. Both heads are copies of at most {@link #MAX_HEAD_BYTES} bytes: a longer
 * head is cut there and flagged {@code truncated}. {@link HeadText#parse} turns them into header lists.
 *
 * <p>The heads are the bytes on the wire for the requests the proxy's own front serves (plain HTTP/1.1). For the
 * requests Undertow parses (HTTPS, HTTP/2, bodies, upgrades, and the answers the proxy gives itself: 404, 503,
 * redirects), Undertow keeps no raw bytes: the heads are written back from its parsed fields in HTTP/1.1 form, the
 * request-target as routed, the fields grouped by name ({@link ExchangeHeads}).
 *
 * @param requestHead           the request line and fields, each line ended by CRLF, and the empty line
 * @param requestHeadTruncated  true when the request head was longer than {@link #MAX_HEAD_BYTES}
 * @param responseHead          the status line and fields sent to the client, as {@code requestHead}; empty when
 *                              no response head was sent (the client went away first)
 * @param responseHeadTruncated true when the response head was longer than {@link #MAX_HEAD_BYTES}
 * @param decision              the routing decision (immutable, shared with the proxy; its {@code trace} is empty:
 *                              run {@code Explainer} on the request for every candidate's verdict)
 * @param served                on https, the SNI name the client sent and the certificate it was presented (from the
 *                              handshake, {@link dev.ingresslab.tls.SniKeyManager#served}); null on http
 */
public record RequestDetails(byte[] requestHead, boolean requestHeadTruncated, byte[] responseHead,
                             boolean responseHeadTruncated, Decision decision, ServedCertificate served) {

    /** The most bytes of each head a record keeps: 16 KiB, the front's whole read buffer. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    public RequestDetails {
        java.util.Objects.requireNonNull(requestHead, "requestHead");
        java.util.Objects.requireNonNull(responseHead, "responseHead");
        java.util.Objects.requireNonNull(decision, "decision");
    }

    /** A copy of the request head's bytes (the record's own array is never handed out). */
    @Override
    public byte[] requestHead() {
        return requestHead.clone();
    }

    /** A copy of the response head's bytes. */
    @Override
    public byte[] responseHead() {
        return responseHead.clone();
    }

    /** The request head, parsed (off the IO threads, when asked). */
    public HeadText request() {
        return HeadText.parse(requestHead, requestHeadTruncated);
    }

    /** The response head, parsed. */
    public HeadText response() {
        return HeadText.parse(responseHead, responseHeadTruncated);
    }

    /** Heads compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RequestDetails that && Arrays.equals(requestHead, that.requestHead)
                && requestHeadTruncated == that.requestHeadTruncated && Arrays.equals(responseHead, that.responseHead)
                && responseHeadTruncated == that.responseHeadTruncated && decision.equals(that.decision)
                && java.util.Objects.equals(served, that.served);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(requestHead) + Arrays.hashCode(responseHead);
    }

    @Override
    public String toString() {
        return "RequestDetails[" + requestHead.length + " + " + responseHead.length + " head bytes, "
                + decision.outcome() + "]";
    }

    /** Copies {@code bytes[from, to)}, cut at {@link #MAX_HEAD_BYTES}. */
    static byte[] copyHead(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, from + Math.min(to - from, MAX_HEAD_BYTES));
    }
}
