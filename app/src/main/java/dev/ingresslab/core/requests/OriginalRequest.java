package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.HeadText;
import dev.ingresslab.proxy.RequestDetails;
import dev.ingresslab.proxy.RequestRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the journal kept of a request, as a replay copies it: the header fields of the request head the proxy
 * received ({@link RequestDetails#request()}), less those a replay must not copy, and one line saying what is
 * missing (the journal keeps request heads, never bodies).
 *
 * <p>Left out, because the replay would lie if it copied them:
 * <ul>
 *   <li>{@code Host}: the URL's authority is sent as Host (RFC 9110 §7.2), so the edited URL decides the route;</li>
 *   <li>{@code Content-Length}, {@code Transfer-Encoding}: the framing of the body the replay sends, recomputed
 *       from it (RFC 9112 §6.1, §6.2);</li>
 *   <li>hop-by-hop fields, which describe the client's connection, not the request: {@code Connection} and every
 *       field it names, {@code Keep-Alive}, {@code Proxy-Connection} (RFC 9110 §7.6.1), {@code TE} (RFC 9110
 *       §10.1.4), {@code Upgrade} (RFC 9110 §7.8); the replay opens its own connection and closes it after the
 *       answer;</li>
 *   <li>{@code Trailer} (RFC 9110 §6.6.2): the replay sends no trailer section; {@code Expect} (RFC 9110
 *       §10.1.1): it sends its body without waiting for {@code 100 Continue};</li>
 *   <li>{@code X-Request-Id}: the replay gets an id of its own, so that its record is told from the original's (the
 *       user may type one);</li>
 *   <li>a line whose name is not a token (RFC 9110 §5.6.2), which the editor could not send back.</li>
 * </ul>
 */
public final class OriginalRequest {

    /** The fields never copied into a replay, in lower case (the fields {@code Connection} names come on top). */
    static final Set<String> NOT_COPIED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "upgrade", "trailer", "expect", "x-request-id");

    private OriginalRequest() {
    }

    /**
     * The header fields of {@code record}'s request head that a replay copies, in the order received, repeated names
     * kept; empty when the record has no details (served while no window asked for them). When the head was cut at
     * {@link RequestDetails#MAX_HEAD_BYTES}, its last field, which may be cut, is left out too. Parses the head (at
     * most 16 KiB).
     */
    public static List<HeaderField> fields(RequestRecord record) {
        RequestDetails details = record.details();
        if (details == null) {
            return List.of();
        }
        HeadText head = details.request();
        List<HeadText.Field> received = head.fields();
        if (head.truncated() && !received.isEmpty()) {
            received = received.subList(0, received.size() - 1);
        }
        Set<String> connectionOptions = new HashSet<>();
        for (String value : head.values("Connection")) {
            for (String option : value.split(",")) {
                connectionOptions.add(option.strip().toLowerCase(Locale.ROOT));
            }
        }
        List<HeaderField> copied = new ArrayList<>(received.size());
        for (HeadText.Field field : received) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (ReplayRequest.isToken(field.name()) && !NOT_COPIED.contains(name)
                    && !connectionOptions.contains(name) && sendable(field.value())) {
                copied.add(new HeaderField(field.name(), field.value()));
            }
        }
        return copied;
    }

    /**
     * One line for the editor saying what of the original it does not hold: the body always (the journal keeps
     * request heads only; the original's size is read from its Content-Length or Transfer-Encoding), the headers
     * when they were not captured, the fields past the cut when the head was cut.
     */
    public static String missing(RequestRecord record) {
        RequestDetails details = record.details();
        if (details == null) {
            return "The original's headers were not captured (it was served before the window was open) and bodies "
                    + "are never kept: type any headers or body to send.";
        }
        HeadText head = details.request();
        String cut = head.truncated() ? " Its head was cut at " + RequestDetails.MAX_HEAD_BYTES / 1024
                + " KiB: the fields after the cut are missing." : "";
        List<String> lengths = head.values("Content-Length");
        if (!head.values("Transfer-Encoding").isEmpty()) {
            return "The original's body (chunked) is not here: the journal keeps request heads, not bodies; type a "
                    + "body to send one." + cut;
        }
        if (!lengths.isEmpty() && !lengths.get(0).strip().equals("0")) {
            return "The original's body (" + lengths.get(0).strip() + " bytes) is not here: the journal keeps "
                    + "request heads, not bodies; type a body to send one." + cut;
        }
        return "The original had no body (the journal keeps request heads, not bodies)." + cut;
    }

    /** False for a value the editor would refuse ({@link ReplayRequest#parse}): a line break, NUL. */
    private static boolean sendable(String value) {
        return value.indexOf('\r') < 0 && value.indexOf('\n') < 0 && value.indexOf(0) < 0;
    }
}
