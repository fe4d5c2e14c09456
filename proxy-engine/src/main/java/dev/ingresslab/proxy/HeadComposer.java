package dev.ingresslab.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An IO thread's scratch space for composing a message head (request heads upstream, the front's response heads)
 * in a heap array, copied out in one go: byte-wise puts into a direct buffer cost a bounds check each. It holds
 * twice the largest head the lean path reads, so that what the proxy adds to one always fits; beyond that it
 * overflows with an {@link IndexOutOfBoundsException}, which callers take as "does not fit".
 */
final class HeadComposer {

    private static final ThreadLocal<HeadComposer> OF_THREAD = ThreadLocal.withInitial(HeadComposer::new);

    private static final int CAPACITY = 2 * LeanConnection.BUFFER_BYTES;

    static final byte[] CRLF = ascii("\r\n");

    private final byte[] bytes = new byte[CAPACITY];
    /** Where a text's characters are copied in bulk first: cheaper than a {@code charAt} per character. */
    private final char[] chars = new char[CAPACITY];
    private int length;

    /** The thread's composer, emptied. */
    static HeadComposer ofThisThread() {
        HeadComposer composer = OF_THREAD.get();
        composer.length = 0;
        return composer;
    }

    /**
     * The head composed last on this thread, when it did not fit the buffer it was for ({@link #copyTo} said
     * false), as a view to write from at once (the next head composed on this thread overwrites it); null when
     * none is held (it overflowed the composer).
     */
    static ByteBuffer composedOnThisThread() {
        HeadComposer composer = OF_THREAD.get();
        return composer.length == 0 ? null : ByteBuffer.wrap(composer.bytes, 0, composer.length);
    }

    /** Forgets a head that overflowed the composer. */
    void discard() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** What was composed is {@code buffer()[0, length())}: valid until the thread composes the next head. */
    byte[] buffer() {
        return bytes;
    }

    /** Copies what was composed into {@code out}; false when it does not fit. */
    boolean copyTo(ByteBuffer out) {
        if (length > out.remaining()) {
            return false;
        }
        out.put(bytes, 0, length);
        return true;
    }

    /** Lines encoded before (see {@link #line}), or framing. */
    HeadComposer bytes(byte[] encoded) {
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** Bytes of a head a parser checked (no line breaks within a line), as they came. */
    HeadComposer bytes(byte[] from, int start, int end) {
        System.arraycopy(from, start, bytes, length, end - start);
        length += end - start;
        return this;
    }

    HeadComposer header(String name, String value) {
        return text(name).raw(": ").text(value).raw("\r\n");
    }

    /** Our own framing, written as it is. */
    HeadComposer raw(String framing) {
        int size = framing.length();
        framing.getChars(0, size, chars, 0);
        int at = length;
        for (int i = 0; i < size; i++) {
            bytes[at++] = (byte) chars[i];
        }
        length = at;
        return this;
    }

    /** A non-negative number in decimal. */
    HeadComposer number(long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int at = length + digits;
        for (int i = at - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = at;
        return this;
    }

    /** A non-negative number in hexadecimal (a chunk size). */
    HeadComposer hex(int value) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        int at = length + digits;
        for (int i = at - 1; i >= length; i--) {
            bytes[i] = (byte) Character.forDigit(value & 0xf, 16);
            value >>>= 4;
        }
        length = at;
        return this;
    }

    /**
     * Text from a message: ISO-8859-1 on the wire; a line break or a character beyond it (Undertow's parser lets
     * none through) becomes '?', so no text can end a header line early.
     */
    HeadComposer text(String text) {
        int size = text.length();
        text.getChars(0, size, chars, 0);
        int at = length;
        for (int i = 0; i < size; i++) {
            bytes[at++] = encode(chars[i]);
        }
        length = at;
        return this;
    }

    /**
     * The header line {@code name: value} CR LF, encoded as {@link #text} encodes: for lines that are made once and
     * written in many heads.
     */
    static byte[] line(String name, String value) {
        String line = name + ": " + value;
        byte[] encoded = new byte[line.length() + 2];
        for (int i = 0; i < line.length(); i++) {
            encoded[i] = encode(line.charAt(i));
        }
        encoded[line.length()] = '\r';
        encoded[line.length() + 1] = '\n';
        return encoded;
    }

    /** Framing of our own, in ASCII. */
    static byte[] ascii(String framing) {
        return framing.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte encode(char c) {
        return c < 0x100 && c != '\r' && c != '\n' ? (byte) c : (byte) '?';
    }
}
