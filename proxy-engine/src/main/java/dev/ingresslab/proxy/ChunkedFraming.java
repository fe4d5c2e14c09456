package dev.ingresslab.proxy;

import java.nio.ByteBuffer;

/**
 * Checks a chunked body's framing (RFC 9112 §7.1) as its bytes pass, without decoding or copying anything: each
 * chunk-size line is hexadecimal digits with nothing before them, an optional extension, and CR LF; each chunk's data
 * is followed by exactly CR LF; the trailer section is field lines ended by an empty line. Nginx and HAProxy answer
 * 400 to any of these faults, where Undertow's own chunk reader skips what it cannot read, ends the body early, or
 * drops bytes (a size {@code zz} became an empty body; {@code 3\r\nhello} became {@code hel}).
 *
 * <p>Limits, so no client can make the proxy buffer or spin: a chunk size of at most 15 hexadecimal digits (below
 * 2^60 bytes), a size line of at most {@value #MAX_LINE} bytes with its extensions, and a trailer section of at
 * most {@value #MAX_TRAILERS} bytes. Fed one buffer after another, in order; not thread-safe.
 */
final class ChunkedFraming {

    /** The longest chunk-size line, extensions included: nginx and HAProxy allow no more than a buffer's worth. */
    static final int MAX_LINE = 4096;
    /** The largest trailer section. */
    static final int MAX_TRAILERS = 16 * 1024;
    private static final int MAX_SIZE_DIGITS = 15;

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, DONE }

    private State state = State.SIZE;
    private int digits;
    private long remaining;
    private int lineBytes;
    private int trailerBytes;
    /** Whether the trailer line being read has any byte (an empty one ends the body). */
    private boolean trailerLineStarted;
    private boolean trailerColonSeen;
    private String fault;

    /** Whether the last chunk and the trailer section have passed: later bytes are the next request's. */
    boolean done() {
        return state == State.DONE;
    }

    /** What was wrong, or null. Once set it stays: nothing after a fault is checked. */
    String fault() {
        return fault;
    }

    /**
     * Checks the bytes from {@code from}'s position to its limit (the buffer is not changed); returns the fault
     * found, or null. Bytes after the end of the body are not looked at.
     */
    String check(ByteBuffer from) {
        for (int i = from.position(); i < from.limit() && fault == null && state != State.DONE; i++) {
            if (state == State.DATA) {
                long take = Math.min(remaining, from.limit() - i);
                remaining -= take;
                i += (int) take - 1;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            fault = next(from.get(i));
        }
        return fault;
    }

    private String next(byte b) {
        switch (state) {
            case SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0 && b < 0x80) {
                    // leading zeros are allowed: only significant digits count towards the limit
                    if ((remaining != 0 || digit != 0) && ++digits > MAX_SIZE_DIGITS) {
                        return "a chunk size has more than " + MAX_SIZE_DIGITS + " hexadecimal digits";
                    }
                    remaining = remaining * 16 + digit;
                    return line();
                }
                if (lineBytes == 0) {
                    return "a chunk size line starts with " + describe(b) + " where a hexadecimal size must be";
                }
                if (b == ';' || b == ' ' || b == '\t') {
                    state = State.EXTENSION;
                    return line();
                }
                if (b == '\r') {
                    state = State.SIZE_LF;
                    return null;
                }
                return "a chunk size holds " + describe(b) + ": sizes are hexadecimal digits only";
            }
            case EXTENSION -> {
                if (b == '\r') {
                    state = State.SIZE_LF;
                    return null;
                }
                if (b != '\t' && (b < 0x20 || b == 0x7f)) {
                    return "a chunk extension holds " + describe(b);
                }
                return line();
            }
            case SIZE_LF -> {
                if (b != '\n') {
                    return "a chunk size line ends in CR without LF";
                }
                lineBytes = 0;
                digits = 0;
                state = remaining == 0 ? State.TRAILER : State.DATA;
                return null;
            }
            case DATA_CR -> {
                state = State.DATA_LF;
                return b == '\r' ? null : "a chunk's data is longer than its size (or not followed by CR LF)";
            }
            case DATA_LF -> {
                state = State.SIZE;
                return b == '\n' ? null : "a chunk's data is not followed by CR LF";
            }
            case TRAILER -> {
                if (++trailerBytes > MAX_TRAILERS) {
                    return "the trailer section is larger than " + MAX_TRAILERS + " bytes";
                }
                if (b == '\r') {
                    if (trailerLineStarted && !trailerColonSeen) {
                        return "a trailer line has no colon: it is not a field";
                    }
                    state = State.TRAILER_LF;
                    return null;
                }
                if (!trailerLineStarted && (b == ' ' || b == '\t')) {
                    return "a trailer line is folded (obs-fold, RFC 9112 §5.2)";
                }
                if (b != '\t' && (b < 0x20 || b == 0x7f)) {
                    return "a trailer line holds " + describe(b);
                }
                trailerColonSeen |= b == ':';
                trailerLineStarted = true;
                return null;
            }
            case TRAILER_LF -> {
                trailerBytes++;
                if (b != '\n') {
                    return "a trailer line ends in CR without LF";
                }
                state = trailerLineStarted ? State.TRAILER : State.DONE;
                trailerLineStarted = false;
                trailerColonSeen = false;
                return null;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** Counts a byte of the size line. */
    private String line() {
        return ++lineBytes > MAX_LINE ? "a chunk size line (with its extensions) is longer than " + MAX_LINE
                + " bytes" : null;
    }

    private static String describe(byte b) {
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("the byte 0x%02X", b & 0xff);
    }
}
