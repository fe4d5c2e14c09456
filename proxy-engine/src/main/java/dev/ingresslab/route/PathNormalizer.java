package dev.ingresslab.route;

/**
 * Normalises a request-target so the path used for routing is the path the backend interprets
 * (ingress-semantics.md §8, our choice §11.6): percent-encoded unreserved characters are decoded
 * ({@code %61} → {@code a}, {@code %2e} → {@code .}), other escapes get upper-case hex, repeated slashes are
 * merged, dot-segments are removed (RFC 3986 §5.2.4), and the result is both matched and forwarded.
 * {@code %2F} stays encoded, so it never becomes a separator (§8.2). A path that climbs above {@code /},
 * a malformed escape, or a control character is rejected.
 *
 * <p>The common case, a plain path, returns without allocating anything but the result.
 */
public final class PathNormalizer {

    private PathNormalizer() {
    }

    public static NormalizedTarget normalize(String target) {
        if (target == null || target.isEmpty()) {
            return NormalizedTarget.rejected("empty request-target");
        }
        int queryStart = target.indexOf('?');
        String path = queryStart < 0 ? target : target.substring(0, queryStart);
        String query = queryStart < 0 ? null : target.substring(queryStart + 1);
        if (path.isEmpty() || path.charAt(0) != '/') {
            return NormalizedTarget.rejected("the request path must start with '/': "
                    + UntrustedText.printable(target));
        }
        String badChar = findForbiddenCharacter(target);
        if (badChar != null) {
            return NormalizedTarget.rejected("the request-target contains " + badChar);
        }
        if (!needsWork(path)) {
            return NormalizedTarget.ok(path, query);
        }
        String decoded = decodeUnreserved(path);
        if (decoded == null) {
            return NormalizedTarget.rejected("malformed percent-escape in the path: " + UntrustedText.printable(path));
        }
        String encodedControl = findEncodedControl(decoded);
        if (encodedControl != null) {
            return NormalizedTarget.rejected("the path contains " + encodedControl + ": " + UntrustedText.printable(path));
        }
        String resolved = removeDotSegments(decoded);
        if (resolved == null) {
            return NormalizedTarget.rejected("the path climbs above '/': " + UntrustedText.printable(path));
        }
        return NormalizedTarget.ok(resolved, query);
    }

    /** True when the path holds an escape, a doubled slash, or a segment that starts with a dot. */
    private static boolean needsWork(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                return true;
            }
            if (c == '/' && i + 1 < path.length()) {
                char next = path.charAt(i + 1);
                if (next == '/' || next == '.') {
                    return true;
                }
            }
        }
        return false;
    }

    private static String findForbiddenCharacter(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return String.format("the control character or space U+%04X at position %d", (int) c, i);
            }
            if (c == '#') {
                return "a fragment ('#'), which clients never send";
            }
        }
        return null;
    }

    /**
     * The first escape of a control character ({@code %00}-{@code %1F}, {@code %7F}) in a path whose escapes
     * {@link #decodeUnreserved} has checked and upper-cased, described; null when there is none. Such a path is
     * refused as the raw character is: a backend that decodes it would see a NUL or a line break in its path (nginx
     * refuses {@code %00} with 400 too).
     */
    private static String findEncodedControl(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 3)) {
            int value = Integer.parseInt(path, i + 1, i + 3, 16);
            if (value < 0x20 || value == 0x7f) {
                return "the encoded control character " + path.substring(i, i + 3);
            }
        }
        return null;
    }

    /** Decodes %XX of unreserved characters, upper-cases the hex of the others; null on a malformed escape. */
    private static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int high = Character.digit(path.charAt(i + 1), 16);
            int low = Character.digit(path.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            char decoded = (char) (high * 16 + low);
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
                        .append(Character.toUpperCase(path.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * Merges repeated slashes and resolves {@code .} and {@code ..} segments; null when {@code ..} would climb
     * above the root. A trailing {@code .} or {@code ..} leaves a trailing slash, as RFC 3986 does.
     */
    private static String removeDotSegments(String path) {
        String[] segments = path.split("/", -1);
        String[] kept = new String[segments.length];
        int depth = 0;
        boolean trailingSlash = false;
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            switch (segment) {
                case "" -> trailingSlash = last;
                case "." -> trailingSlash = last;
                case ".." -> {
                    if (depth == 0) {
                        return null;
                    }
                    depth--;
                    trailingSlash = last;
                }
                default -> {
                    kept[depth++] = segment;
                    trailingSlash = false;
                }
            }
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < depth; i++) {
            out.append('/').append(kept[i]);
        }
        if (depth == 0 || trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }
}
