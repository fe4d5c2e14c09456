package dev.ingresslab.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 message head as text, for people: its start line (request line or status line) and its fields in
 * order, repeated names kept. Parsed from the bytes of {@link RequestDetails}, off the proxy's IO threads; it is a
 * view for display and replay, not a validating parser (the proxy's parsers checked the head on its way).
 *
 * <p>Bytes are read as ISO-8859-1, so every byte shows as one character (RFC 9110 §5.5: field values are octets,
 * historically ISO-8859-1). Lines end at LF, with a CR before it dropped (RFC 9112 §2.2); the head ends at the first
 * empty line or the end of the bytes. A field line is split at its first colon and the value's leading and trailing
 * spaces and tabs trimmed (RFC 9112 §5); a line without a colon (which no head the proxy accepts has) is kept
 * whole as the value of a field with an empty name, so nothing is hidden.
 *
 * @param startLine the request line or status line, or empty when the head was empty
 * @param fields    the field lines, in order
 * @param truncated true when the head was cut at {@link RequestDetails#MAX_HEAD_BYTES} (its last field may be cut)
 */
public record HeadText(String startLine, List<Field> fields, boolean truncated) {

    /** One field line. */
    public record Field(String name, String value) {
    }

    public HeadText {
        fields = List.copyOf(fields);
    }

    /** Parses {@code head}; never fails. */
    public static HeadText parse(byte[] head, boolean truncated) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        List<Field> fields = new ArrayList<>();
        String startLine = "";
        int at = 0;
        boolean first = true;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            int next = end < 0 ? text.length() : end + 1;
            int lineEnd = end < 0 ? text.length() : end;
            if (lineEnd > at && text.charAt(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            String line = text.substring(at, lineEnd);
            at = next;
            if (line.isEmpty()) {
                break; // the end of the head
            }
            if (first) {
                startLine = line;
                first = false;
                continue;
            }
            int colon = line.indexOf(':');
            fields.add(colon < 0 ? new Field("", line)
                    : new Field(line.substring(0, colon), trim(line.substring(colon + 1))));
        }
        return new HeadText(startLine, fields, truncated);
    }

    /** The values of the fields named {@code name} (case-insensitively, RFC 9110 §5.1), in order. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    private static String trim(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }
}
