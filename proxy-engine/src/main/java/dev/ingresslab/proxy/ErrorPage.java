package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.List;

/**
 * The proxy's own answers (404, 503, 502, 504, 400, 414, 431) in plain words: what happened, to which host and path, and
 * what is near. HTML for browsers, plain text for curl and scripts, chosen by {@code Accept}.
 *
 * @param status  the HTTP status
 * @param title   one line: what happened
 * @param reason  why, in the route engine's words
 * @param details the nearest rules, the endpoints tried, what to do next
 */
record ErrorPage(int status, String title, String reason, List<String> details) {

    void send(HttpServerExchange exchange) {
        exchange.setStatusCode(status);
        boolean html = wantsHtml(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType(html));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body(html, exchange.getRequestMethod().toString(), where(exchange)));
    }

    /** Browsers get HTML; curl, scripts and anything that does not ask for HTML get plain text. */
    static boolean wantsHtml(String accept) {
        return accept != null && accept.contains("text/html");
    }

    static String contentType(boolean html) {
        return html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    }

    /**
     * The page for a request: {@code method} and {@code where} (host and request-target, made printable) say which
     * request it answers.
     */
    String body(boolean html, String method, String where) {
        return html ? html(method, where) : text(method, where);
    }

    private String text(String method, String where) {
        StringBuilder text = new StringBuilder();
        text.append(status).append(' ').append(title).append('\n')
                .append("request: ").append(method).append(' ').append(where)
                .append('\n').append("why:     ").append(reason).append('\n');
        for (String detail : details) {
            text.append("  - ").append(detail).append('\n');
        }
        return text.append("(Ingress Lab)\n").toString();
    }

    private String html(String method, String where) {
        StringBuilder html = new StringBuilder(512);
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(status).append(' ')
                .append(escape(title)).append("</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:3em;"
                        + "max-width:50em;color:#222}code{background:#f3f3f3;padding:0 .2em}"
                        + "small{color:#777}</style></head><body>")
                .append("<h1>").append(status).append(' ').append(escape(title)).append("</h1>")
                .append("<p><code>").append(escape(method + " " + where))
                .append("</code></p><p>").append(escape(reason)).append("</p>");
        if (!details.isEmpty()) {
            html.append("<ul>");
            details.forEach(detail -> html.append("<li>").append(escape(detail)).append("</li>"));
            html.append("</ul>");
        }
        return html.append("<p><small>Ingress Lab</small></p></body></html>\n").toString();
    }

    private static String where(HttpServerExchange exchange) {
        return where(exchange.getRequestHeaders().getFirst(Headers.HOST), ExchangeRequest.rawTarget(exchange));
    }

    /** Host and request-target as one printable text. */
    static String where(String host, String target) {
        return dev.ingresslab.route.UntrustedText.printable((host == null ? "(no Host)" : host) + target);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
