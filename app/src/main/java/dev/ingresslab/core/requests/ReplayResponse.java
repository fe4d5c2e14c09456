package dev.ingresslab.core.requests;

import java.util.List;

/**
 * What the proxy answered to a replayed request.
 *
 * @param status        the status code
 * @param reason        the reason phrase as sent (may be empty)
 * @param headers       the response's header fields, in order
 * @param body          the body as text (decoded as UTF-8), at most {@link ReplayClient#MAX_BODY_KEPT} bytes of it
 * @param bodyTruncated true when the body was longer and only its start is kept
 * @param micros        from connecting to the end of the answer, in microseconds
 */
public record ReplayResponse(int status, String reason, List<HeaderField> headers, String body,
                             boolean bodyTruncated, long micros) {

    public ReplayResponse {
        headers = List.copyOf(headers);
    }

    /** The value of the first field named {@code name} (any case), or null. */
    public String header(String name) {
        for (HeaderField field : headers) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }
}
