package dev.ingresslab.route;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Objects;

/**
 * How one Ingress path matches a request path.
 *
 * <p>{@link Mode#PREFIX} compares path elements (split on {@code /}, trailing slash ignored on both sides;
 * ingress-semantics.md §3.4). {@link Mode#REGEX} is the ingress-nginx regex mode (§6.2): the path is an RE2
 * regular expression anchored at the start, case-insensitive. Regexes use RE2/J, which runs in linear time,
 * because Ingress objects are untrusted and must not be able to stall the proxy.
 *
 * @param path     the path as written in the Ingress
 * @param declared the {@code pathType} as written
 * @param mode     how it is matched
 * @param regex    the compiled regex in {@link Mode#REGEX}, else null
 */
public record PathMatch(String path, PathType declared, Mode mode, Pattern regex) {

    public enum Mode { EXACT, PREFIX, REGEX }

    public PathMatch {
        Objects.requireNonNull(path);
        Objects.requireNonNull(declared);
        Objects.requireNonNull(mode);
        if ((mode == Mode.REGEX) != (regex != null)) {
            throw new IllegalArgumentException("a regex is needed in regex mode and only there");
        }
    }

    public static PathMatch exact(String path) {
        return new PathMatch(path, PathType.EXACT, Mode.EXACT, null);
    }

    public static PathMatch prefix(String path) {
        return new PathMatch(path, PathType.PREFIX, Mode.PREFIX, null);
    }

    /** An element-wise prefix declared with another type (ImplementationSpecific behaves like Prefix, §11.4). */
    public static PathMatch prefix(String path, PathType declared) {
        return new PathMatch(path, declared, Mode.PREFIX, null);
    }

    /**
     * A regex-mode path. The caller compiles with {@link #compileRegex} so that an invalid regex is reported
     * where the Ingress is translated.
     */
    public static PathMatch regex(String path, PathType declared, Pattern regex) {
        return new PathMatch(path, declared, Mode.REGEX, regex);
    }

    /**
     * Compiles a regex-mode path: anchored at the start, case-insensitive, as ingress-nginx's {@code ~* "^path"}.
     *
     * @throws PatternSyntaxException when the path is not valid RE2 syntax, or when {@link RegexBounds} refuses it
     *                                (its description then starts with "bad repetition operator", "expression
     *                                too large" or "expression nests too deeply"), before anything is compiled
     */
    public static Pattern compileRegex(String path) {
        RegexBounds.Measure measure = RegexBounds.measure(path);
        if (!measure.accepted()) {
            throw new PatternSyntaxException(measure.problem(), path);
        }
        try {
            return Pattern.compile(path, Pattern.CASE_INSENSITIVE);
        } catch (StackOverflowError e) {
            // RE2/J recurses over the syntax tree; RegexBounds keeps it shallow, but a thread's stack is the
            // caller's choice. Compiling is pure computation, so nothing is left half-done by unwinding it.
            throw new PatternSyntaxException("expression nests too deeply: compiling it overflowed this thread's"
                    + " stack; flatten the pattern", path);
        }
    }

    /**
     * The key under which a Prefix path is indexed: the path without its trailing slash, so {@code /foo/} and
     * {@code /foo} are the same prefix, and {@code /} is the empty key.
     */
    public static String prefixKey(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The key of this path in its host's index: the path for Exact and regex, the {@link #prefixKey} for Prefix. */
    public String key() {
        return mode == Mode.PREFIX ? prefixKey(path) : path;
    }

    /**
     * The length that decides "longest match wins" (§3.6): the path's length, without the trailing slash
     * of a Prefix.
     */
    public int matchLength() {
        return key().length();
    }

    /** True when this path matches a normalised request path. Used by explain and in tests; the table indexes. */
    public boolean matches(String requestPath) {
        return switch (mode) {
            case EXACT -> path.equals(requestPath);
            case PREFIX -> prefixMatches(prefixKey(path), requestPath);
            case REGEX -> regex.matcher(requestPath).lookingAt();
        };
    }

    /** The regex matcher positioned on a match, for rewrite-target's capture groups; null when it does not match. */
    public Matcher regexMatch(String requestPath) {
        if (mode != Mode.REGEX) {
            return null;
        }
        Matcher matcher = regex.matcher(requestPath);
        return matcher.lookingAt() ? matcher : null;
    }

    /** Element-wise prefix test: {@code key} is a prefix of {@code requestPath} ending on an element boundary. */
    static boolean prefixMatches(String key, String requestPath) {
        if (!requestPath.startsWith(key)) {
            return false;
        }
        return requestPath.length() == key.length() || requestPath.charAt(key.length()) == '/';
    }

    /** {@code Prefix /a/}. */
    public String display() {
        return declared.apiName() + " " + path + (mode == Mode.REGEX ? " (regex)" : "");
    }
}
