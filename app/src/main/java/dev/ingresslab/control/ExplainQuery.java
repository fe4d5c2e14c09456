package dev.ingresslab.control;

import java.util.List;

/**
 * What {@code explain} asks a running instance: the URLs, the method and headers for each, and the output wanted.
 *
 * @param method  the request method for every URL ({@code GET})
 * @param headers request headers for every URL, as {@code -H} takes them ({@code Name: value}; a Host overrides the
 *                URL's host)
 * @param urls    absolute http:// or https:// URLs
 * @param format  {@code text} or {@code json}, as {@code explain -o} takes them
 */
public record ExplainQuery(String method, List<String> headers, List<String> urls, String format) {

    public ExplainQuery {
        headers = headers == null ? List.of() : List.copyOf(headers);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /**
     * What the instance answers: the rendered output (byte for byte what {@code explain -f} prints for the same
     * table) and the notes that go to standard error.
     */
    public record Answer(String output, List<String> notes) {
        public Answer {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** Renders explain on a session's table in force; the command line provides it, as it owns the formats. */
    @FunctionalInterface
    public interface Renderer {
        /**
         * @throws IllegalArgumentException when the query cannot be explained (a URL that is not absolute, a bad
         *                                  header): its message is the answer, with status 400
         */
        Answer explain(dev.ingresslab.core.LabSession session, ExplainQuery query);
    }
}
