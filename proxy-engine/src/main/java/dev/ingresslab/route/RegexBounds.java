package dev.ingresslab.route;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measures an RE2 pattern from its text, before RE2/J compiles it, and refuses the patterns RE2 (C++) and Go's
 * {@code regexp} refuse, which RE2/J would accept and then choke on.
 *
 * <p>RE2/J matches in time linear in the text, but the factor is the size of the compiled program, and RE2/J sets
 * no bound on that size: {@code (?:(?:a{1,100}){1,100}){1,100}} compiles to about a million instructions, and one
 * more level of nesting exhausts the heap or the stack while compiling. So, before compiling, this class reads the
 * pattern once, left to right, with an explicit stack (never recursion, so no input can overflow the caller's
 * stack), and estimates the program size from the pattern's structure, nested repetitions multiplying, as RE2/J's
 * simplifier and compiler will expand them. The estimate is an upper bound for valid patterns; syntax errors are
 * left to RE2/J, which reports them once the pattern is known to be small.
 *
 * <p>Refused, each with the message of the engine the rule comes from:
 * <ul>
 *   <li>a repeat count over {@value #MAX_REPEAT}, or counted repetitions nested so that their counts multiply to
 *   more than {@value #MAX_REPEAT} ({@code (?:a{1,100}){1,100}}): "bad repetition operator" (RE2's
 *   {@code kRegexpRepeatSize}, re2/parse.cc, {@code RepetitionWalker});</li>
 *   <li>groups nested more than {@value #MAX_NESTING} deep, or a syntax tree more than {@value #MAX_HEIGHT} levels
 *   tall: "expression nests too deeply" (Go's {@code regexp/syntax} {@code ErrNestingDepth}; RE2/J's simplifier
 *   and compiler recurse once per level, and a StackOverflowError is what RE2/J gives instead);</li>
 *   <li>a program over {@value #MAX_PROGRAM_SIZE} instructions, or character classes listing more than
 *   {@value #MAX_CLASS_ITEMS} items in all (RE2/J folds each item into the class one by one, in time that grows
 *   faster than the items): "expression too large" (Go's {@code ErrLarge}; RE2's limit on the program's size,
 *   derived from its default {@code max_mem} of 8 MiB: two thirds of it for the forward program, a quarter of that
 *   in 8-byte instructions, about 174,000).</li>
 * </ul>
 * How much of this program size one request may ask for is {@code RegexBudget}'s business (translate package).
 */
public final class RegexBounds {

    /** The largest repeat count, and the largest product of nested repeat counts (RE2's {@code kMaxRepeat}). */
    public static final int MAX_REPEAT = 1000;
    /** How deep groups may nest (Go's {@code maxHeight}). */
    public static final int MAX_NESTING = 1000;
    /**
     * How tall the syntax tree may be once RE2/J's simplifier has expanded it, counting captures, repetitions,
     * alternations and concatenations ({@code x{0,1000}} becomes a thousand optional levels, one inside the
     * other): what RE2/J's recursive simplifier and compiler need stack for. At 2000, every accepted pattern
     * compiles on a thread with the JVM's default stack (1 MiB on 64-bit Linux and macOS).
     */
    public static final int MAX_HEIGHT = 2000;
    /** RE2's default program size limit: (8 MiB × 2/3) / 4 / 8 bytes per instruction. */
    public static final long MAX_PROGRAM_SIZE = (8L << 20) * 2 / 3 / 4 / 8;
    /** Items (characters, ranges, named classes) all the character classes of one pattern may list. */
    public static final int MAX_CLASS_ITEMS = 4096;

    /** Sizes are saturated here, far above every limit, so nothing overflows. */
    private static final long SATURATED = 1L << 50;
    /** The instructions every program has besides its pattern's: fail, match, and the whole match's capture. */
    private static final long PROGRAM_OVERHEAD = 4;

    private RegexBounds() {
    }

    /**
     * What a pattern would cost, or why it is refused.
     *
     * @param programSize the estimated number of RE2/J program instructions (an upper bound; 0 when refused)
     * @param problem     null when accepted; else the refusal, starting with the engine's message
     *                    ("bad repetition operator: …") and saying what to write instead
     */
    public record Measure(long programSize, String problem) {

        public boolean accepted() {
            return problem == null;
        }

        static Measure refused(String problem) {
            return new Measure(0, problem);
        }
    }

    /** Measures {@code pattern} in one pass over its text; never throws and never recurses. */
    public static Measure measure(String pattern) {
        return new Scan(pattern).run();
    }

    /** One group (or the whole pattern) being read: its finished alternatives and the concatenation in progress. */
    private static final class Frame {
        final boolean capturing;
        long alternativesSize;
        int bars;
        long concatenation;
        /** The size of the last atom of the concatenation (what a repetition operator applies to), or -1. */
        long lastSize = -1;
        /** The product of the counted repetitions nested inside the last atom. */
        long lastProduct = 1;
        /** The largest such product anywhere in this frame. */
        long maxProduct = 1;
        /** The height of the last atom's syntax tree, and the largest height of this frame's atoms. */
        long lastHeight;
        long maxHeight;
        /** The atoms of the concatenation in progress, and whether some alternative has two or more. */
        int atoms;
        boolean concatenates;

        Frame(boolean capturing) {
            this.capturing = capturing;
        }

        void atom(long size, long product, long height) {
            concatenation = add(concatenation, size);
            lastSize = size;
            lastProduct = product;
            maxProduct = Math.max(maxProduct, product);
            lastHeight = height;
            maxHeight = Math.max(maxHeight, height);
            concatenates |= ++atoms > 1;
        }

        void bar() {
            alternativesSize = add(alternativesSize, concatenation);
            bars++;
            concatenation = 0;
            lastSize = -1;
            atoms = 0;
        }

        /** The height of this group's tree: its tallest atom, under a concatenation, an alternation, a capture. */
        long height() {
            return maxHeight + (concatenates ? 1 : 0) + (bars > 0 ? 1 : 0) + (capturing ? 1 : 0);
        }

        /** The program size of this group: its alternatives, one ALT instruction per {@code |}, and its captures. */
        long size() {
            return add(add(add(alternativesSize, concatenation), bars), capturing ? 2 : 0);
        }
    }

    private static final class Scan {
        private final String p;
        private final Deque<Frame> frames = new ArrayDeque<>();
        private int i;
        private long classItems;

        Scan(String pattern) {
            this.p = pattern;
        }

        Measure run() {
            frames.push(new Frame(false));
            while (i < p.length()) {
                String problem = step();
                if (problem != null) {
                    return Measure.refused(problem);
                }
            }
            while (frames.size() > 1) { // an unclosed group: RE2/J reports it; measure what is there
                String problem = close();
                if (problem != null) {
                    return Measure.refused(problem);
                }
            }
            long size = add(frames.peek().size(), PROGRAM_OVERHEAD);
            if (size > MAX_PROGRAM_SIZE) {
                return Measure.refused("expression too large: it would compile to about " + size
                        + " instructions, and RE2 accepts at most " + MAX_PROGRAM_SIZE
                        + "; write fewer or smaller repetitions (a{1,1000} is a thousand copies of a)");
            }
            if (classItems > MAX_CLASS_ITEMS) {
                return Measure.refused("expression too large: its character classes list " + classItems
                        + " items, and at most " + MAX_CLASS_ITEMS + " are accepted; use a range ([a-z]) or a"
                        + " named class (\\pL) instead of listing characters");
            }
            return new Measure(size, null);
        }

        /** Reads one token; returns a refusal, or null. */
        private String step() {
            char c = p.charAt(i);
            Frame top = frames.peek();
            switch (c) {
                case '(' -> {
                    return open();
                }
                case ')' -> {
                    i++;
                    if (frames.size() > 1) {
                        return close();
                    }
                }
                case '|' -> {
                    i++;
                    top.bar();
                }
                case '*', '+', '?' -> {
                    i++;
                    if (i < p.length() && p.charAt(i) == '?') {
                        i++; // non-greedy: the same program
                    }
                    return repeat(top, 0, -1, false);
                }
                case '{' -> {
                    return brace(top);
                }
                case '[' -> {
                    characterClass();
                    top.atom(1, 1, 0);
                }
                case '\\' -> escape(top);
                default -> {
                    i += Character.charCount(p.codePointAt(i));
                    top.atom(1, 1, 0);
                }
            }
            return null;
        }

        private String open() {
            int start = i;
            i++;
            boolean capturing = true;
            if (i < p.length() && p.charAt(i) == '?') {
                i++;
                if (p.startsWith("P<", i) || (p.startsWith("<", i))) {
                    int end = p.indexOf('>', i);
                    i = end < 0 ? p.length() : end + 1;
                } else {
                    while (i < p.length() && "imsU-".indexOf(p.charAt(i)) >= 0) {
                        i++;
                    }
                    if (i < p.length() && p.charAt(i) == ')') {
                        i++; // (?i): flags only, no group
                        return null;
                    }
                    if (i < p.length() && p.charAt(i) == ':') {
                        i++;
                    }
                    capturing = false;
                }
            }
            frames.push(new Frame(capturing));
            if (frames.size() - 1 > MAX_NESTING) {
                return "expression nests too deeply: groups are nested more than " + MAX_NESTING
                        + " deep (at character " + start + "); flatten the pattern";
            }
            return null;
        }

        private String close() {
            Frame done = frames.pop();
            frames.peek().atom(done.size(), done.maxProduct, done.height());
            return tooTall(done.height());
        }

        /** RE2/J's parser, simplifier and compiler recurse once per level of the syntax tree. */
        private String tooTall(long height) {
            return height <= MAX_HEIGHT ? null : "expression nests too deeply: its syntax tree is more than "
                    + MAX_HEIGHT + " levels deep (groups, repetitions, alternations and concatenations inside"
                    + " each other, near character " + i + "); flatten the pattern";
        }

        /** {@code {n}}, {@code {n,}} or {@code {n,m}}; any other brace is a literal, as in RE2. */
        private String brace(Frame top) {
            int start = i;
            int j = i + 1;
            int digitsStart = j;
            while (j < p.length() && isDigit(p.charAt(j))) {
                j++;
            }
            if (j == digitsStart || j >= p.length()) {
                i++;
                top.atom(1, 1, 0);
                return null;
            }
            long min = number(digitsStart, j);
            long max = min;
            if (p.charAt(j) == ',') {
                j++;
                int maxStart = j;
                while (j < p.length() && isDigit(p.charAt(j))) {
                    j++;
                }
                max = j == maxStart ? -1 : number(maxStart, j);
            }
            if (j >= p.length() || p.charAt(j) != '}') {
                i++;
                top.atom(1, 1, 0);
                return null;
            }
            i = j + 1;
            if (i < p.length() && p.charAt(i) == '?') {
                i++;
            }
            String operator = p.substring(start, Math.min(j + 1, start + 24));
            if (min > MAX_REPEAT || max > MAX_REPEAT) {
                return "bad repetition operator: " + operator + ": a repeat count may be at most " + MAX_REPEAT
                        + " (as in RE2 and Go); use + or * for \"any number\"";
            }
            return repeat(top, min, max, true);
        }

        /**
         * Applies a repetition to the last atom: {@code *}, {@code +}, {@code ?} add one instruction; RE2/J's
         * simplifier writes {@code x{n,m}} as m copies of x with m−n optional ones, and {@code x{n,}} as n copies
         * with the last one looping.
         */
        private String repeat(Frame top, long min, long max, boolean counted) {
            if (top.lastSize < 0) {
                return null; // nothing to repeat: RE2/J reports "missing argument to repetition operator"
            }
            long x = top.lastSize;
            long size = !counted ? add(x, 1)
                    : max < 0 ? add(multiply(Math.max(min, 1), x), 1)
                    : Math.max(1, add(multiply(max, x), max - min));
            long product = top.lastProduct;
            if (counted) {
                long count = max < 0 ? min : max;
                if (count > 0) {
                    product = multiply(product, count);
                }
                if (product > MAX_REPEAT) {
                    return "bad repetition operator: counted repetitions nested inside each other multiply to "
                            + product + " copies, and RE2 accepts at most " + MAX_REPEAT + "; use + or * for"
                            + " \"any number\" (e.g. (?:a+)+ instead of (?:a{1,100}){1,100})";
                }
            }
            top.concatenation = add(top.concatenation - x, size);
            top.lastSize = size;
            top.lastProduct = product;
            top.maxProduct = Math.max(top.maxProduct, product);
            top.lastHeight += 1 + (counted && max > min ? max - min : 0);
            top.maxHeight = Math.max(top.maxHeight, top.lastHeight);
            return tooTall(top.lastHeight);
        }

        /** Skips a character class, counting its items; it compiles to one instruction. */
        private void characterClass() {
            i++;
            if (i < p.length() && p.charAt(i) == '^') {
                i++;
            }
            boolean first = true;
            while (i < p.length() && (p.charAt(i) != ']' || first)) {
                first = false;
                if (p.startsWith("[:", i)) {
                    int end = p.indexOf(":]", i + 2);
                    i = end < 0 ? i + 2 : end + 2;
                } else if (p.charAt(i) == '\\') {
                    skipEscape();
                } else if (p.charAt(i) == '-') {
                    i++;
                    continue; // a range's dash: the range counts as its two ends
                } else {
                    i += Character.charCount(p.codePointAt(i));
                }
                classItems++;
            }
            i++; // the closing bracket
        }

        /** An escape is one instruction, except {@code \Q…\E}, one per character. */
        private void escape(Frame top) {
            if (p.startsWith("\\Q", i)) {
                int end = p.indexOf("\\E", i + 2);
                int stop = end < 0 ? p.length() : end;
                long runes = p.codePointCount(i + 2, stop);
                i = end < 0 ? p.length() : end + 2;
                if (runes > 0) {
                    top.atom(runes, 1, 0);
                }
                return;
            }
            skipEscape();
            top.atom(1, 1, 0);
        }

        /** Skips one escape: {@code \p{Greek}}, {@code \x{1F600}}, {@code \pL}, {@code \x41}, {@code \d}, … */
        private void skipEscape() {
            i++;
            if (i >= p.length()) {
                return;
            }
            char c = p.charAt(i);
            i++;
            if ((c == 'p' || c == 'P' || c == 'x') && i < p.length() && p.charAt(i) == '{') {
                int end = p.indexOf('}', i);
                i = end < 0 ? p.length() : end + 1;
            } else if (c == 'x') {
                i = Math.min(p.length(), i + 2);
            } else if ((c == 'p' || c == 'P') && i < p.length()) {
                i += Character.charCount(p.codePointAt(i));
            } else if (Character.isHighSurrogate(c) && i < p.length()) {
                i++;
            }
        }

        private long number(int from, int to) {
            if (to - from > 9) {
                return SATURATED;
            }
            return Long.parseLong(p, from, to, 10);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    private static long multiply(long a, long b) {
        return a != 0 && b > SATURATED / a ? SATURATED : Math.min(SATURATED, a * b);
    }
}
