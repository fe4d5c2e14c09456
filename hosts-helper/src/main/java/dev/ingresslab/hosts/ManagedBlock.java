package dev.ingresslab.hosts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The managed block's content: the names it maps, each to {@code 127.0.0.1} and to {@code ::1}.
 *
 * <p>Its text is always the same for the same names (sorted, one entry per line, a single space between address
 * and name), so it is also the wire format the elevated {@link HostsHelperMain} reads on stdin:
 * <pre>
 * # &gt;&gt;&gt; ingress-lab (managed; do not edit inside) &gt;&gt;&gt;
 * 127.0.0.1 alpaca.example.com
 * ::1 alpaca.example.com
 * # &lt;&lt;&lt; ingress-lab &lt;&lt;&lt;
 * </pre>
 * One name per line keeps every line within the line and name limits some resolvers have, and makes a change of
 * one name a change of two lines.
 *
 * @param names the names, sorted; may be empty (then the block is not written at all)
 */
public record ManagedBlock(SortedSet<HostName> names) {
    /** The most names the block holds; beyond that the helper refuses the input (a bound for the elevated code). */
    public static final int MAX_NAMES = 10_000;

    public ManagedBlock {
        names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException(names.size() + " names; the block holds at most " + MAX_NAMES);
        }
    }

    /** The block of these names (any order, duplicates dropped). */
    public static ManagedBlock of(Collection<HostName> names) {
        return new ManagedBlock(new TreeSet<>(names));
    }

    /**
     * The block's lines, markers included, each ended by {@code lineBreak}.
     *
     * @param lineBreak {@code "\n"} or {@code "\r\n"}, the hosts file's own
     */
    public String text(String lineBreak) {
        StringBuilder out = new StringBuilder(64 + names.size() * 64);
        out.append(HostsFile.BEGIN_MARKER).append(lineBreak);
        for (HostName name : names) {
            out.append(HostsFile.LOOPBACK_V4).append(' ').append(name.value()).append(lineBreak);
            out.append(HostsFile.LOOPBACK_V6).append(' ').append(name.value()).append(lineBreak);
        }
        out.append(HostsFile.END_MARKER).append(lineBreak);
        return out.toString();
    }

    /**
     * Reads a block strictly: exactly the text {@link #text(String)} gives with {@code "\n"} for some names, and
     * nothing else. This is what the elevated helper accepts on stdin, so every line is checked: both markers,
     * only {@code 127.0.0.1} and {@code ::1}, only valid names in their canonical form, each name with both
     * entries, in order.
     *
     * @param text the block as received
     * @return the block
     * @throws InvalidBlock naming the first line that is not allowed, and why
     */
    public static ManagedBlock parse(String text) throws InvalidBlock {
        if (text.isEmpty()) {
            throw new InvalidBlock(1, "the input is empty; expected the block, beginning with \""
                    + HostsFile.BEGIN_MARKER + "\"");
        }
        if (!text.endsWith("\n")) {
            throw new InvalidBlock(text.split("\n", -1).length, "the input does not end with a line break");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (!lines[0].equals(HostsFile.BEGIN_MARKER)) {
            throw new InvalidBlock(1, "expected the begin marker \"" + HostsFile.BEGIN_MARKER + "\"");
        }
        int last = lines.length - 1;
        if (last == 0 || !lines[last].equals(HostsFile.END_MARKER)) {
            throw new InvalidBlock(lines.length, "expected the end marker \"" + HostsFile.END_MARKER
                    + "\" as the last line");
        }
        if ((last - 1) % 2 != 0) {
            throw new InvalidBlock(last, "each name needs two entries, 127.0.0.1 then ::1");
        }
        if ((last - 1) / 2 > MAX_NAMES) {
            throw new InvalidBlock(last, "more than " + MAX_NAMES + " names");
        }
        List<HostName> names = new ArrayList<>();
        for (int i = 1; i < last; i += 2) {
            HostName v4 = entry(lines[i], i + 1, HostsFile.LOOPBACK_V4);
            HostName v6 = entry(lines[i + 1], i + 2, HostsFile.LOOPBACK_V6);
            if (!v4.equals(v6)) {
                throw new InvalidBlock(i + 2, "expected \"::1 " + v4.value() + "\" after \"127.0.0.1 " + v4.value()
                        + "\"");
            }
            if (!names.isEmpty() && names.get(names.size() - 1).compareTo(v4) >= 0) {
                throw new InvalidBlock(i + 1, "names must be sorted and appear once (" + v4.value() + ")");
            }
            names.add(v4);
        }
        return ManagedBlock.of(names);
    }

    private static HostName entry(String line, int lineNumber, String address) throws InvalidBlock {
        if (line.startsWith("#")) {
            throw new InvalidBlock(lineNumber, "a comment line; between its markers the block holds only entries \""
                    + address + " <name>\"");
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new InvalidBlock(lineNumber, "not an entry \"" + address + " <name>\": \""
                    + HostName.printable(line) + "\"");
        }
        String given = line.substring(0, space);
        if (!given.equals(address)) {
            throw new InvalidBlock(lineNumber, "\"" + HostName.printable(given) + "\" is not allowed here: the block "
                    + "maps names to the loopback addresses only, 127.0.0.1 then ::1");
        }
        String nameText = line.substring(space + 1);
        HostName name;
        try {
            name = HostName.parse(nameText);
        } catch (InvalidHostName e) {
            throw new InvalidBlock(lineNumber, e.getMessage());
        }
        if (!name.value().equals(nameText)) {
            throw new InvalidBlock(lineNumber, "\"" + HostName.printable(nameText) + "\" is not in its canonical form \""
                    + name.value() + "\"");
        }
        return name;
    }

    /** A block text that the strict reader refuses; the message names the line. */
    public static final class InvalidBlock extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * @param line    1-based line of the input
         * @param problem what is wrong with it
         */
        public InvalidBlock(int line, String problem) {
            super("line " + line + " of the block: " + problem);
        }
    }
}
