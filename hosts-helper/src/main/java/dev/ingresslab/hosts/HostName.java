package dev.ingresslab.hosts;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A host name that may go into the managed hosts block: a DNS name in its canonical ASCII form.
 *
 * <p>The rules, and where they come from:
 * <ul>
 *   <li>Labels of letters, digits and hyphens, not beginning or ending with a hyphen; a label may begin with a
 *       digit (RFC 952's "hostname" as relaxed by RFC 1123 section 2.1). Underscores are refused: they are not
 *       host-name characters, and Kubernetes refuses them in an Ingress host too (a DNS-1123 subdomain).</li>
 *   <li>At most 63 octets per label and 253 for the name (RFC 1035 section 2.3.4; 253 is 255 less the length
 *       octet and the root label of the wire form).</li>
 *   <li>Lowercased: DNS compares names case-insensitively (RFC 4343), and one spelling per name keeps the block
 *       stable.</li>
 *   <li>Internationalised names become their ASCII form ({@code bücher.example} becomes
 *       {@code xn--bcher-kva.example}) with {@link IDN#toASCII(String)}: Punycode (RFC 3492) under IDNA (the JDK
 *       implements IDNA2003, RFC 3490; RFC 5891's IDNA2008 refuses a few more code points, which browsers then
 *       refuse too). A resolver looks the ASCII form up in the hosts file, so that is the form written.</li>
 *   <li>One trailing dot (the absolute form, {@code alpaca.example.com.}) is dropped: it names the same host
 *       (RFC 1034 section 3.1) and the hosts file holds names without it.</li>
 * </ul>
 *
 * <p>Refused, each with its own reason: the empty name, wildcards ({@code *.example.com}: a hosts file maps names
 * one by one), {@code localhost} and its subdomains (the system maps them already, RFC 6761 section 6.3), IP
 * literals, names with a port or a URL scheme or path, whitespace, {@code #} (the hosts file's comment character),
 * line breaks and other control characters, empty labels ({@code a..b}), and an all-numeric last label (RFC 3696
 * section 2: it would read as an IPv4 address).
 *
 * @param value the canonical form: lowercase ASCII, no trailing dot, valid by the rules above
 */
public record HostName(String value) implements Comparable<HostName> {
    /** RFC 1035 section 2.3.4: a label is at most 63 octets. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** RFC 1035 section 2.3.4 (255 octets in the wire form, less the first length octet and the root label). */
    public static final int MAX_NAME_LENGTH = 253;

    /** The explanation given for every wildcard; {@code hosts status} and the GUI show it too. */
    public static final String WILDCARD_REASON = "a hosts file cannot hold a wildcard such as *.example.com: it maps "
            + "names one by one. List the names you use (a.example.com, b.example.com), or use a resolver that "
            + "answers for a whole domain, such as dnsmasq (address=/example.com/127.0.0.1)";

    /**
     * @throws IllegalArgumentException when {@code value} is not already canonical and valid; use {@link #parse}
     *                                  for text from outside
     */
    public HostName {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Validates and canonicalises a name as typed or as found in an Ingress.
     *
     * @param text the name; Unicode allowed (converted to Punycode), any case, one trailing dot allowed
     * @return the canonical name
     * @throws InvalidHostName with the reason when the text is not a name the hosts block may hold
     */
    public static HostName parse(String text) throws InvalidHostName {
        if (text == null) {
            throw new InvalidHostName("", "no name given");
        }
        String canonical = canonicalise(text);
        Optional<String> problem = problem(canonical);
        if (problem.isPresent()) {
            throw new InvalidHostName(text, problem.get());
        }
        return new HostName(canonical);
    }

    /**
     * The non-throwing check: why {@code text} cannot be a host name of the block, or empty when it can.
     *
     * @param text the name as typed or as found in an Ingress
     * @return the reason it is refused, or empty
     */
    public static Optional<String> whyInvalid(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (InvalidHostName e) {
            return Optional.of(e.reason());
        }
    }

    /** Whether {@link #parse} accepts {@code text}. */
    public static boolean isValid(String text) {
        return whyInvalid(text).isEmpty();
    }

    /** The name for people: Unicode labels where the ASCII form is Punycode ({@link IDN#toUnicode(String)}). */
    public String unicode() {
        return IDN.toUnicode(value);
    }

    @Override
    public int compareTo(HostName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    // The checks that must see the text as typed (before IDNA, which would drop or map some of these characters),
    // then the IDNA conversion and lowercasing. Returns the text unchanged when a check refuses it, so that
    // problem() reports the refusal with its reason.
    private static String canonicalise(String text) {
        if (earlyProblem(text).isPresent()) {
            return text;
        }
        String name = text.endsWith(".") && !text.endsWith("..") ? text.substring(0, text.length() - 1) : text;
        if (!isAscii(name)) {
            try {
                name = IDN.toASCII(name);
            } catch (IllegalArgumentException e) {
                return text; // problem() reports it, with IDN's reason
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> earlyProblem(String text) {
        if (text.isEmpty()) {
            return Optional.of("the name is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of("a name cannot contain a line break: it would start a new line of the hosts file");
            }
            if (c == ' ' || c == '\t' || Character.isSpaceChar(c)) {
                return Optional.of("a name cannot contain spaces or tabs: in the hosts file they separate names");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("a name cannot contain the control character " + String.format("\\u%04X", (int) c));
            }
        }
        if (text.indexOf('#') >= 0) {
            return Optional.of("a name cannot contain '#': the hosts file reads everything after it as a comment");
        }
        if (text.indexOf('*') >= 0) {
            return Optional.of(WILDCARD_REASON);
        }
        if (text.contains("://") || text.indexOf('/') >= 0) {
            return Optional.of("give the host name alone, without a scheme or a path (alpaca.example.com, not "
                    + "http://alpaca.example.com/)");
        }
        if (text.startsWith("[") || text.chars().filter(c -> c == ':').count() >= 2) {
            return Optional.of("an IP address is not a host name; the hosts file maps names to addresses");
        }
        if (text.indexOf(':') >= 0) {
            return Optional.of("give the host name without a port (the hosts file maps names, not ports)");
        }
        if (text.startsWith(".")) {
            return Optional.of("a name cannot begin with a dot (empty label)");
        }
        if (text.endsWith("..") || text.contains("..")) {
            return Optional.of("a name cannot have an empty label (two dots in a row)");
        }
        return Optional.empty();
    }

    private static Optional<String> problem(String name) {
        if (name == null) {
            return Optional.of("no name given");
        }
        Optional<String> early = earlyProblem(name);
        if (early.isPresent()) {
            return early;
        }
        if (!isAscii(name)) {
            try {
                IDN.toASCII(name);
            } catch (IllegalArgumentException e) {
                return Optional.of("not a valid internationalised name (IDNA, RFC 3490): " + e.getMessage());
            }
            return Optional.of("not in its ASCII form: parse it first");
        }
        if (name.endsWith(".")) {
            return Optional.of("the trailing dot must be dropped: parse the name first");
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("not lowercase: parse the name first");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("the name is " + name.length() + " characters long; at most " + MAX_NAME_LENGTH
                    + " are allowed (RFC 1035)");
        }
        String[] labels = name.split("\\.", -1);
        if (isIpv4(labels)) {
            return Optional.of("an IP address is not a host name; the hosts file maps names to addresses");
        }
        for (String label : labels) {
            Optional<String> labelProblem = labelProblem(label);
            if (labelProblem.isPresent()) {
                return labelProblem;
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("the last label \"" + labels[labels.length - 1] + "\" is all digits, which reads as an "
                    + "IP address (RFC 3696 section 2); a top-level domain has letters");
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("localhost and its subdomains already resolve to the loopback address (RFC 6761); "
                    + "the hosts file's own localhost lines are not Ingress Lab's to change");
        }
        return Optional.empty();
    }

    private static Optional<String> labelProblem(String label) {
        if (label.isEmpty()) {
            return Optional.of("a name cannot have an empty label (two dots in a row, or a leading dot)");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of("the label \"" + label.substring(0, 20) + "…\" is " + label.length()
                    + " characters long; at most " + MAX_LABEL_LENGTH + " are allowed per label (RFC 1035)");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return Optional.of("the label \"" + label + "\" begins or ends with a hyphen, which RFC 1123 forbids");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return Optional.of("'" + c + "' is not allowed in a host name: only letters, digits and hyphens "
                        + "(RFC 1123)" + (c == '_' ? "; underscores are for service records, not hosts" : ""));
            }
        }
        if (label.startsWith("xn--")) {
            // IDN.toUnicode never throws: it hands back its input when the label does not decode.
            if (IDN.toUnicode(label).equals(label)) {
                return Optional.of("the label \"" + label + "\" is not valid Punycode (RFC 3492)");
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4(String[] labels) {
        for (String label : labels) {
            if (label.isEmpty() || !label.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with control characters as {@code \\uXXXX}, for messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
