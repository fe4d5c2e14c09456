package dev.ingresslab.route;

/**
 * A request-target after normalisation: the path routing decides on (and the backend receives), and the query,
 * byte-for-byte. When the target cannot be routed safely, {@link #error} says why and the request is a 400.
 *
 * @param path  the normalised path, or null on error
 * @param query the query without {@code ?}, or null when there was none
 * @param error why the target was rejected, or null
 */
public record NormalizedTarget(String path, String query, String error) {

    public static NormalizedTarget ok(String path, String query) {
        return new NormalizedTarget(path, query, null);
    }

    public static NormalizedTarget rejected(String error) {
        return new NormalizedTarget(null, null, error);
    }

    public boolean isOk() {
        return error == null;
    }

    /** The path with the query appended, as a request-target. */
    public String withQuery(String newPath) {
        return query == null ? newPath : newPath + "?" + query;
    }
}
