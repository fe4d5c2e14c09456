package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request to send again through the proxy, as the user edited it: method, absolute URL, header fields, body.
 * Its URL's authority becomes the {@code Host} header, so that the proxy routes it as it routed the client's; the
 * proxy is reached on its own loopback port whatever host the URL names.
 *
 * @param method  the request method, a token (RFC 9110 §9.1, §5.6.2)
 * @param url     an absolute {@code http://} or {@code https://} URL (https goes to the proxy's HTTPS listener)
 * @param headers header fields besides Host, Content-Length, Transfer-Encoding and Connection (those four are the
 *                replay client's to write)
 * @param body    the body, sent as UTF-8 with a Content-Length; empty for none
 */
public record ReplayRequest(String method, URI url, List<HeaderField> headers, String body) {

    /** The fields the replay client writes itself, compared in lower case. */
    static final Set<String> OWN_FIELDS = Set.of("host", "content-length", "transfer-encoding", "connection");

    public ReplayRequest {
        headers = List.copyOf(headers);
    }

    /**
     * The request a journal record describes, as the replay editor opens with it: the same method and URL, the
     * header fields of the request head the journal kept, in order with repeated names, less those a replay must
     * not copy ({@link OriginalRequest#fields}: Host, framing, hop-by-hop, X-Request-Id), and an empty body (the
     * journal keeps no bodies: {@link OriginalRequest#missing} says so).
     */
    public static ReplayRequest of(RequestRecord record) {
        return new ReplayRequest(record.method(), URI.create(RecordUrls.url(record)), OriginalRequest.fields(record),
                "");
    }

    /**
     * Parses the editor's fields.
     *
     * @param headerLines one {@code Name: value} a line; blank lines are skipped
     * @throws InvalidReplayException naming the first field that cannot be sent and what to write instead
     */
    public static ReplayRequest parse(String method, String url, String headerLines, String body)
            throws InvalidReplayException {
        String verb = method.strip();
        if (verb.isEmpty() || !isToken(verb)) {
            throw new InvalidReplayException("the method \"" + verb + "\" is not a method; use one such as GET, POST "
                    + "or DELETE (letters only, no spaces)");
        }
        URI uri = parseUrl(url.strip());
        List<HeaderField> fields = new ArrayList<>();
        String[] lines = headerLines.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            fields.add(header(line, i + 1));
        }
        return new ReplayRequest(verb, uri, fields, body);
    }

    /** The header fields as the editor shows them, one a line. */
    public String headerLines() {
        StringBuilder text = new StringBuilder();
        for (HeaderField field : headers) {
            text.append(field).append('\n');
        }
        return text.toString();
    }

    /** Whether the URL is {@code https://}: sent over TLS to the proxy's HTTPS listener. */
    public boolean secure() {
        return "https".equalsIgnoreCase(url.getScheme());
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

    /** The {@code Host} header the URL gives: its authority without user info ({@code alpaca.example.com:8080}). */
    public String hostHeader() {
        String host = url.getHost();
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }

    /** The origin-form request-target (RFC 9112 §3.2.1): the raw path ({@code /} when empty) and query. */
    public String target() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static URI parseUrl(String text) throws InvalidReplayException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidReplayException("the URL \"" + text + "\" cannot be read (" + e.getReason() + " at "
                    + "character " + (e.getIndex() + 1) + "); write it as http://host/path, with spaces and other "
                    + "special characters %-encoded (a space is %20)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidReplayException("the URL \"" + text + "\" needs the form http://host/path (or https://"
                    + "host/path for the proxy's HTTPS listener), with the host the Ingress rule names (it becomes"
                    + " the Host header), e.g. http://alpaca.example.com/");
        }
        return uri;
    }

    private static HeaderField header(String line, int number) throws InvalidReplayException {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line.strip() : line.substring(0, colon);
        if (colon <= 0 || !isToken(name)) {
            throw new InvalidReplayException("header line " + number + " (\"" + line.strip() + "\") needs the form "
                    + "Name: value, with a name of letters, digits and - only");
        }
        String value = line.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new InvalidReplayException("header " + name + " holds a character HTTP/1.1 cannot carry in a "
                        + "field value (a line break or one beyond Latin-1); remove it or %-encode it");
            }
        }
        if (OWN_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidReplayException("header " + name + " is written by replay itself (Host comes from the "
                    + "URL, Content-Length from the body, and the connection is closed after the answer); "
                    + (name.equalsIgnoreCase("host") ? "put the host in the URL instead" : "remove the line"));
        }
        return new HeaderField(name, value);
    }

    /** A token (RFC 9110 §5.6.2): the characters of methods and field names. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
