package dev.ingresslab.route;

/**
 * What the matcher reads of a request. The proxy adapts its exchange to this without copying headers;
 * {@link SimpleRequest} serves explain and the tests.
 */
public interface RequestView {

    /** {@code http} or {@code https}. */
    String scheme();

    String method();

    /** The {@code Host} header (HTTP/1.1) or {@code :authority} (HTTP/2) as received, port included; may be null. */
    String authority();

    /** The request-target as received: path and query, not yet normalised. */
    String target();

    /** The first value of a header (case-insensitive name), or null. */
    String header(String name);

    /** The value of a cookie, or null. */
    String cookie(String name);
}
