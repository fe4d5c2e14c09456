package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;

/** The URL a journaled request was made to, as a client would write it: scheme, the Host it sent, the target. */
public final class RecordUrls {

    private RecordUrls() {
    }

    /**
     * {@code http://alpaca.example.com/a?q=1} for a request to {@code /a?q=1} with {@code Host: alpaca.example.com};
     * an absolute-form target ({@code GET http://host/path}, RFC 9112 §3.2.2) is the URL itself. A request that
     * sent no Host (HTTP/1.0) is written with the host {@code localhost}, where the proxy received it.
     */
    public static String url(RequestRecord record) {
        String target = record.target();
        if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            return target;
        }
        String host = record.host().isEmpty() ? "localhost" : record.host();
        String path = target.startsWith("/") ? target : "/" + ("*".equals(target) ? "" : target);
        return record.scheme() + "://" + host + path;
    }
}
