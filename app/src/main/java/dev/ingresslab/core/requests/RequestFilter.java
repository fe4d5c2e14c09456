package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The Requests view's filter, parsed from what the user types: {@code key:value} terms and free text, all of
 * which a request must match (a space means "and"), in the style of GitHub's and ngrok's search boxes.
 *
 * <ul>
 *   <li>{@code host:alpaca} — the Host header contains the text;</li>
 *   <li>{@code path:/a} — the request-target contains the text;</li>
 *   <li>{@code status:404}, {@code status:5xx}, {@code status:404,503} — the status, a class of statuses, or a list
 *       of either;</li>
 *   <li>{@code rule:path-ingress} — the rule that decided (namespace/Ingress, rule and path index) contains it;</li>
 *   <li>{@code method:post}, {@code backend:alpaca}, {@code endpoint:10.0.0.7}, {@code id:…} (the request id);</li>
 *   <li>{@code is:ours} — the proxy answered itself (no rule, no endpoints, an HTTPRoute backend that cannot be used,
 *   refused, redirect, endpoint failed: {@link ProxyAnswers#SUMMARY});</li>
 *   <li>anything else is free text, found in any of host, target, rule, backend, endpoint, method or status.</li>
 * </ul>
 * Matching ignores case. Double quotes keep a text with spaces or a colon whole: {@code "alpaca:8080"}.
 * Records are tested on the view's thread; a filter is immutable and safe to share.
 */
public final class RequestFilter implements Predicate<RequestRecord> {

    /** The filter that lets everything through (an empty box). */
    public static final RequestFilter ALL = new RequestFilter("", List.of());

    private static final List<String> KEYS = List.of("host", "path", "status", "rule", "method", "backend",
            "endpoint", "id", "is");

    private final String text;
    private final List<Predicate<RequestRecord>> terms;

    private RequestFilter(String text, List<Predicate<RequestRecord>> terms) {
        this.text = text;
        this.terms = terms;
    }

    /**
     * Parses the filter box's text.
     *
     * @throws FilterSyntaxException with a message saying what is wrong and what to type instead (an unknown key,
     *                               a status that is neither a code nor a class, an empty value, an open quote)
     */
    public static RequestFilter parse(String text) throws FilterSyntaxException {
        List<Predicate<RequestRecord>> terms = new ArrayList<>();
        for (Word word : words(text)) {
            terms.add(term(word));
        }
        return terms.isEmpty() ? ALL : new RequestFilter(text.strip(), List.copyOf(terms));
    }

    /** The text this filter was parsed from, stripped. */
    public String text() {
        return text;
    }

    /** True when the filter lets everything through. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public boolean test(RequestRecord record) {
        for (Predicate<RequestRecord> term : terms) {
            if (!term.test(record)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<RequestRecord> term(Word word) throws FilterSyntaxException {
        String value = word.text();
        int colon = word.quoted() ? -1 : value.indexOf(':');
        if (colon <= 0 || !isLetters(value.substring(0, colon))) {
            return freeText(value);
        }
        String key = value.substring(0, colon).toLowerCase(Locale.ROOT);
        String argument = unquote(value.substring(colon + 1));
        if (!KEYS.contains(key)) {
            if (isDigits(argument)) {
                return freeText(value); // host:port, Service:port
            }
            throw new FilterSyntaxException("unknown filter \"" + key + ":\"; use host:, path:, status:, rule:, "
                    + "method:, backend:, endpoint:, id: or is:ours, or put the text in double quotes to search "
                    + "for it as typed");
        }
        if (argument.isEmpty()) {
            throw new FilterSyntaxException("\"" + key + ":\" needs a value after the colon, such as "
                    + example(key));
        }
        String needle = argument.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "host" -> r -> contains(r.host(), needle);
            case "path" -> r -> contains(r.target(), needle);
            case "rule" -> r -> contains(r.route(), needle);
            case "method" -> r -> r.method().equalsIgnoreCase(argument);
            case "backend" -> r -> contains(r.backend(), needle);
            case "endpoint" -> r -> contains(r.endpoint(), needle);
            case "id" -> r -> r.requestId().equals(argument);
            case "is" -> isTerm(needle);
            default -> StatusTerm.parse(argument);
        };
    }

    private static Predicate<RequestRecord> isTerm(String value) throws FilterSyntaxException {
        if (!value.equals("ours")) {
            throw new FilterSyntaxException("\"is:" + value + "\" is not a filter; is:ours shows the answers the "
                    + "proxy made itself (" + ProxyAnswers.SUMMARY + ")");
        }
        return ProxyAnswers::isOurs;
    }

    private static String example(String key) {
        return switch (key) {
            case "host" -> "host:alpaca.example.com";
            case "path" -> "path:/a";
            case "status" -> "status:404 or status:5xx";
            case "rule" -> "rule:host-ingress";
            case "method" -> "method:POST";
            case "backend" -> "backend:alpaca";
            case "endpoint" -> "endpoint:127.0.0.1";
            case "id" -> "id:4f1c…";
            default -> "is:ours";
        };
    }

    private static Predicate<RequestRecord> freeText(String value) {
        String needle = value.toLowerCase(Locale.ROOT);
        return r -> contains(r.host(), needle) || contains(r.target(), needle) || contains(r.route(), needle)
                || contains(r.backend(), needle) || contains(r.endpoint(), needle)
                || r.method().equalsIgnoreCase(value) || Integer.toString(r.status()).equals(value);
    }

    /** Case-insensitive containment without copying {@code haystack}; {@code needle} is lower case already. */
    private static boolean contains(String haystack, String needle) {
        int last = haystack.length() - needle.length();
        for (int start = 0; start <= last; start++) {
            if (haystack.regionMatches(true, start, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetters(String text) {
        return text.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : text;
    }

    /** A word of the filter text; {@code quoted} when the whole word was in double quotes. */
    private record Word(String text, boolean quoted) {
    }

    /** Splits on spaces outside double quotes; {@code key:"a b"} stays one word with its quotes. */
    private static List<Word> words(String text) throws FilterSyntaxException {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inQuotes = false;
        boolean wholeQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (!inQuotes && word.length() == 0) {
                    wholeQuoted = true;
                } else if (!inQuotes || !wholeQuoted) {
                    word.append(c);
                }
                inQuotes = !inQuotes;
            } else if (Character.isWhitespace(c) && !inQuotes) {
                flush(words, word, wholeQuoted);
                wholeQuoted = false;
            } else {
                word.append(c);
            }
        }
        if (inQuotes) {
            throw new FilterSyntaxException("a double quote is not closed; close it, or remove it to search for "
                    + "the words separately");
        }
        flush(words, word, wholeQuoted);
        return words;
    }

    private static void flush(List<Word> words, StringBuilder word, boolean quoted) {
        if (word.length() > 0) {
            words.add(new Word(word.toString(), quoted));
            word.setLength(0);
        }
    }

    /** {@code status:} terms: codes (404), classes (4xx) and lists of them (404,5xx). */
    private static final class StatusTerm {

        private StatusTerm() {
        }

        static Predicate<RequestRecord> parse(String argument) throws FilterSyntaxException {
            Predicate<RequestRecord> any = r -> false;
            for (String part : argument.split(",", -1)) {
                any = any.or(one(part.strip().toLowerCase(Locale.ROOT)));
            }
            return any;
        }

        private static Predicate<RequestRecord> one(String part) throws FilterSyntaxException {
            if (part.length() == 3 && part.charAt(0) >= '1' && part.charAt(0) <= '5' && part.endsWith("xx")) {
                int statusClass = part.charAt(0) - '0';
                return r -> r.status() / 100 == statusClass;
            }
            if (part.length() == 3 && isDigits(part) && part.charAt(0) >= '1' && part.charAt(0) <= '5') {
                int status = Integer.parseInt(part);
                return r -> r.status() == status;
            }
            throw new FilterSyntaxException("\"status:" + part + "\" is not a status; use a code such as "
                    + "status:404, a class such as status:5xx, or a list such as status:404,503");
        }
    }
}
