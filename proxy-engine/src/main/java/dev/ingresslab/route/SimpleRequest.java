package dev.ingresslab.route;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request as explain and the tests describe it.
 *
 * @param headers header values by name; names are compared case-insensitively
 */
public record SimpleRequest(String scheme, String method, String authority, String target,
                            Map<String, List<String>> headers) implements RequestView {

    public SimpleRequest {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(method);
        Objects.requireNonNull(target);
        TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> folded.merge(name, List.copyOf(values), (a, b) -> concat(a, b)));
        headers = java.util.Collections.unmodifiableMap(folded);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** A GET of a URL such as {@code http://alpaca.example.com/a?x=1}, sending the URL's host as Host. */
    public static SimpleRequest get(String url) {
        return of("GET", url, Map.of());
    }

    /**
     * A request for a URL. The request-target is taken from the URL text as written (raw: {@code %2e%2e} and
     * {@code ..} are kept, as {@code curl --path-as-is} sends them), so normalisation can be shown.
     *
     * @throws IllegalArgumentException when the text is not an absolute http(s) URL
     */
    public static SimpleRequest of(String method, String url, Map<String, List<String>> headers) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("not an absolute URL (want http://host/path): " + url);
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs can be routed: " + url);
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = indexOfAny(url, "/?#", authorityStart);
        String authority = url.substring(authorityStart, pathStart < 0 ? url.length() : pathStart);
        String target = pathStart < 0 ? "/" : url.substring(pathStart);
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment); // a fragment is never sent to the server
        }
        if (target.isEmpty() || target.charAt(0) == '?') {
            target = "/" + target;
        }
        if (authority.isEmpty() || authority.contains("@")) {
            throw new IllegalArgumentException("the URL needs a host (and no user info): " + url);
        }
        Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(headers);
        all.putIfAbsent("Host", List.of(authority));
        List<String> host = all.get("Host");
        return new SimpleRequest(scheme, method, host.isEmpty() ? null : host.get(0), target, all);
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String cookie(String name) {
        List<String> values = headers.get("Cookie");
        if (values == null) {
            return null;
        }
        for (String line : values) {
            for (String pair : line.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }
}
