package dev.ingresslab.hosts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A hosts file as read, byte for byte, with the one block Ingress Lab owns in it.
 *
 * <p>The format is hosts(5): a line holds an address and one or more names separated by spaces or tabs; {@code #}
 * starts a comment. Real files also have blank lines, CRLF line breaks, no line break at the end, a UTF-8 byte
 * order mark, and lines that are none of these; all of it is kept as it is. Ingress Lab owns exactly the lines from
 * {@link #BEGIN_MARKER} to {@link #END_MARKER} and changes nothing else: {@link #outsideBytes()} is the same before
 * and after every change this class computes (the store checks it again before writing).
 *
 * <p>The bytes are split at LF (a CR before it belongs to the line break); lines are read as ISO-8859-1, so every
 * byte maps to one character and nothing is lost whatever the encoding (names are ASCII; comments may be UTF-8).
 *
 * <p>Where the block goes: at the end of the file the first time, in place afterwards (a user may move it). When
 * the file does not end with a line break, the block is appended after one and itself ends without one; that line
 * break then belongs to the block and goes with it, so removing the block gives back the file as it was.
 *
 * <p>Immutable; parsing is linear in the file's size.
 */
public final class HostsFile {
    /** The first line of the managed block. */
    public static final String BEGIN_MARKER = "# >>> ingress-lab (managed; do not edit inside) >>>";
    /** The last line of the managed block. */
    public static final String END_MARKER = "# <<< ingress-lab <<<";
    /** The IPv4 loopback address each managed name is mapped to (RFC 1122 section 3.2.1.3). */
    public static final String LOOPBACK_V4 = "127.0.0.1";
    /** The IPv6 loopback address each managed name is mapped to (RFC 4291 section 2.5.3). */
    public static final String LOOPBACK_V6 = "::1";

    private static final String BEGIN_PREFIX = "# >>> ingress-lab";
    private static final String END_PREFIX = "# <<< ingress-lab";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** A line of the file: its 1-based number and its text without the line break. */
    public record Line(int number, String text) {
    }

    private final byte[] content;
    private final boolean exists;
    private final String lineBreak;
    // The managed region [regionStart, regionEnd) of content, or -1 when there is no block. It covers the block's
    // lines with their line breaks, or, for a block at the end of a file without a final line break, the line
    // break before the block and the lines without the last break.
    private final int regionStart;
    private final int regionEnd;
    private final boolean regionLeadingBreak;
    private final int beginLine;
    private final SortedSet<HostName> managed;
    private final List<Line> foreignInBlock;
    private final Map<String, List<Mapping>> outside;

    private HostsFile(byte[] content, boolean exists, String lineBreak, int regionStart, int regionEnd,
                      boolean regionLeadingBreak, int beginLine, SortedSet<HostName> managed, List<Line> foreignInBlock,
                      Map<String, List<Mapping>> outside) {
        this.content = content;
        this.exists = exists;
        this.lineBreak = lineBreak;
        this.regionStart = regionStart;
        this.regionEnd = regionEnd;
        this.regionLeadingBreak = regionLeadingBreak;
        this.beginLine = beginLine;
        this.managed = managed;
        this.foreignInBlock = List.copyOf(foreignInBlock);
        this.outside = outside;
    }

    /** A file that does not exist: no content, no block; writing one creates it. */
    public static HostsFile absent() {
        return new HostsFile(new byte[0], false, "\n", -1, -1, false, -1, new TreeSet<>(), List.of(), Map.of());
    }

    /**
     * Parses a hosts file's bytes.
     *
     * @param content the whole file (not copied: do not change it afterwards)
     * @return the parsed file
     * @throws MalformedHostsFile when the block's markers are damaged: a begin marker without an end, an end
     *                            without a begin, a second block, or a line that looks like a marker but is not one
     */
    public static HostsFile parse(byte[] content) throws MalformedHostsFile {
        return parse(content, true);
    }

    /**
     * Parses only what the block's position needs (markers, managed names), without indexing the other lines'
     * mappings: for checks on content about to be written.
     */
    static HostsFile parseStructure(byte[] content) throws MalformedHostsFile {
        return parse(content, false);
    }

    private static HostsFile parse(byte[] content, boolean indexMappings) throws MalformedHostsFile {
        String lineBreak = "\n";
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lineBreak = i > 0 && content[i - 1] == '\r' ? "\r\n" : "\n";
                break;
            }
        }
        int regionStart = -1;
        int regionEnd = -1;
        boolean leading = false;
        int beginLine = -1;
        int beginStart = -1;
        boolean beginCrlf = false;
        boolean inBlock = false;
        SortedSet<HostName> managed = new TreeSet<>();
        List<Line> foreign = new ArrayList<>();
        List<Line> outsideLines = new ArrayList<>();

        int start = startsWith(content, BOM) ? BOM.length : 0;
        int lineNumber = 0;
        while (start < content.length) {
            lineNumber++;
            int newline = indexOf(content, (byte) '\n', start);
            int next = newline < 0 ? content.length : newline + 1;
            int end = newline < 0 ? content.length : newline;
            boolean crlf = newline > start && content[newline - 1] == '\r';
            if (crlf) {
                end--;
            }
            String text = new String(content, start, end - start, StandardCharsets.ISO_8859_1);
            String bare = stripTrailingBlanks(text);
            if (bare.equals(BEGIN_MARKER)) {
                if (inBlock) {
                    throw new MalformedHostsFile(lineNumber, "a second begin marker inside the block that begins on "
                            + "line " + beginLine);
                }
                if (beginLine > 0) {
                    throw new MalformedHostsFile(lineNumber, "a second Ingress Lab block (the first begins on line "
                            + beginLine + ")");
                }
                inBlock = true;
                beginLine = lineNumber;
                beginStart = start;
                beginCrlf = crlf;
            } else if (bare.equals(END_MARKER)) {
                if (!inBlock) {
                    throw new MalformedHostsFile(lineNumber, "an end marker without a begin marker above it");
                }
                inBlock = false;
                regionStart = beginStart;
                regionEnd = next;
                if (newline < 0 && beginStart > 0 && content[beginStart - 1] == '\n') {
                    // The block ends the file without a line break: the break before it is the block's.
                    leading = true;
                    regionStart = beginCrlf && beginStart >= 2 && content[beginStart - 2] == '\r'
                            ? beginStart - 2 : beginStart - 1;
                }
            } else if (bare.startsWith(BEGIN_PREFIX) || bare.startsWith(END_PREFIX)) {
                throw new MalformedHostsFile(lineNumber, "\"" + printable(text) + "\" looks like an Ingress Lab "
                        + "marker but is not exactly one");
            } else if (inBlock) {
                HostName name = managedEntry(bare);
                if (name != null) {
                    managed.add(name);
                } else if (!bare.isEmpty()) {
                    foreign.add(new Line(lineNumber, decode(text)));
                }
            } else if (indexMappings) {
                outsideLines.add(new Line(lineNumber, text));
            }
            start = next;
        }
        if (inBlock) {
            throw new MalformedHostsFile(beginLine, "a begin marker without an end marker below it");
        }
        if (beginLine > 0) {
            // The block keeps the line break it was written with: the file's first line break may be a lone CR's
            // neighbour or the block's own, and a block that changed style at each write would never be stable.
            lineBreak = beginCrlf ? "\r\n" : "\n";
        }
        Map<String, List<Mapping>> outside = new HashMap<>();
        for (Line line : outsideLines) {
            addMappings(line, beginLine < 0 || line.number() < beginLine, outside);
        }
        return new HostsFile(content, true, lineBreak, regionStart, regionEnd, leading, beginLine, managed, foreign,
                outside);
    }

    /** The file's bytes as read (empty for an absent file). Do not change the array. */
    public byte[] bytes() {
        return content;
    }

    /** Whether the file exists (false for {@link #absent()}). */
    public boolean exists() {
        return exists;
    }

    /** Whether the file has the managed block. */
    public boolean hasBlock() {
        return regionStart >= 0;
    }

    /** The line the block begins on (1-based), or -1 without a block. */
    public int blockLine() {
        return beginLine;
    }

    /**
     * The line break for the block's lines: the block's own when there is one, else the file's ({@code "\r\n"}
     * when its first line ends so, else {@code "\n"}).
     */
    public String lineBreak() {
        return lineBreak;
    }

    /** The names the block maps (entries {@code 127.0.0.1 name} or {@code ::1 name}), sorted. */
    public SortedSet<HostName> managedNames() {
        return Collections.unmodifiableSortedSet(managed);
    }

    /** Lines inside the block that are not its entries (edited by hand); the next write replaces them. */
    public List<Line> foreignLinesInBlock() {
        return foreignInBlock;
    }

    /** The lines outside the block that map {@code name}, in file order. */
    public List<Mapping> mappingsOutside(HostName name) {
        return outside.getOrDefault(name.value(), List.of());
    }

    /** What the file says about {@code name}. */
    public HostsStatus status(HostName name) {
        return new HostsStatus(name, managed.contains(name), mappingsOutside(name));
    }

    /** Everything but the managed block: the bytes no change may alter. */
    public byte[] outsideBytes() {
        return withoutBlock();
    }

    /** The file's content with the block removed (the same bytes when there is none). */
    public byte[] withoutBlock() {
        if (!hasBlock()) {
            return content;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
        out.write(content, 0, regionStart);
        out.write(content, regionEnd, content.length - regionEnd);
        return out.toByteArray();
    }

    /**
     * The file's content with the block mapping exactly {@code names}: replaced in place, or appended; with no
     * names, the block removed.
     */
    public byte[] withBlock(Collection<HostName> names) {
        if (names.isEmpty()) {
            return withoutBlock();
        }
        byte[] block = ManagedBlock.of(names).text(lineBreak).getBytes(StandardCharsets.US_ASCII);
        byte[] breakBytes = lineBreak.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + block.length + 2);
        if (hasBlock()) {
            out.write(content, 0, regionStart);
            if (regionLeadingBreak) {
                out.write(breakBytes, 0, breakBytes.length);
                out.write(block, 0, block.length - breakBytes.length);
            } else {
                out.write(block, 0, block.length);
            }
            out.write(content, regionEnd, content.length - regionEnd);
        } else if (content.length == 0 || content[content.length - 1] == '\n') {
            out.write(content, 0, content.length);
            out.write(block, 0, block.length);
        } else {
            out.write(content, 0, content.length);
            out.write(breakBytes, 0, breakBytes.length);
            out.write(block, 0, block.length - breakBytes.length);
        }
        return out.toByteArray();
    }

    /** Whether {@code address} is a loopback address: 127.0.0.0/8 (RFC 1122) or ::1 in any spelling. */
    public static boolean isLoopbackAddress(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        if (a.startsWith("127.")) {
            String[] parts = a.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (a.indexOf(':') < 0 || !a.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
            return false;
        }
        try {
            // A literal with colons is parsed, never looked up (InetAddress.getByName's contract for literals).
            return java.net.InetAddress.getByName(a).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    // An entry the block may hold: "127.0.0.1 name" or "::1 name" (one name, spaces or tabs), or null.
    private static HostName managedEntry(String line) {
        String[] tokens = tokens(line);
        if (tokens.length != 2 || !(tokens[0].equals(LOOPBACK_V4) || tokens[0].equals(LOOPBACK_V6))) {
            return null;
        }
        try {
            HostName name = HostName.parse(tokens[1]);
            return name.value().equals(tokens[1]) ? name : null;
        } catch (InvalidHostName e) {
            return null;
        }
    }

    private static void addMappings(Line line, boolean beforeBlock, Map<String, List<Mapping>> outside) {
        String[] tokens = tokens(line.text());
        if (tokens.length < 2) {
            return;
        }
        String text = null;
        for (int i = 1; i < tokens.length; i++) {
            String key = tokens[i].toLowerCase(Locale.ROOT);
            if (key.endsWith(".")) {
                key = key.substring(0, key.length() - 1);
            }
            if (text == null) {
                text = decode(line.text());
            }
            List<Mapping> mappings = outside.computeIfAbsent(key, k -> new ArrayList<>(1));
            if (mappings.isEmpty() || mappings.get(mappings.size() - 1).line() != line.number()) {
                mappings.add(new Mapping(line.number(), tokens[0], text, beforeBlock)); // once per line and name
            }
        }
    }

    // The whitespace-separated fields of a line before its comment (hosts(5): spaces and tabs).
    private static String[] tokens(String line) {
        int hash = line.indexOf('#');
        String data = hash >= 0 ? line.substring(0, hash) : line;
        List<String> tokens = new ArrayList<>(4);
        int i = 0;
        int n = data.length();
        while (i < n) {
            while (i < n && isBlank(data.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < n && !isBlank(data.charAt(i))) {
                i++;
            }
            if (i > from) {
                tokens.add(data.substring(from, i));
            }
        }
        return tokens.toArray(new String[0]);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static String stripTrailingBlanks(String text) {
        int end = text.length();
        while (end > 0 && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    // The line as UTF-8 for display (read as ISO-8859-1 to keep every byte).
    private static String decode(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return latin1; // ASCII reads the same either way
    }

    private static String printable(String latin1) {
        return HostName.printable(decode(latin1));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
