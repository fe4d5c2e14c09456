package dev.ingresslab.proxy;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked body (RFC 9112 §7.1) as it arrives: each call yields the next run of data bytes in the buffer,
 * or says that more input is needed or that the body (with its trailer section, which is dropped) is complete.
 */
final class ChunkedBody {

    private enum State { SIZE, SIZE_LINE_END, DATA, DATA_CR, DATA_LF, TRAILER_LINE, TRAILER_LINE_END, DONE }

    private State state = State.SIZE;
    private long size;
    private boolean sizeSeen;
    private boolean lineEmpty = true;

    /** A chunked body the proxy cannot forward. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    boolean done() {
        return state == State.DONE;
    }

    /**
     * Consumes framing from {@code in} and returns a view of the next data bytes (consumed from {@code in} as well),
     * or null when the input is used up or the body is done.
     */
    ByteBuffer next(ByteBuffer in) throws Malformed {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case SIZE -> {
                    byte b = in.get();
                    int digit = Character.digit(b, 16);
                    if (digit >= 0 && size < (1L << 56)) {
                        size = size * 16 + digit;
                        sizeSeen = true;
                    } else if (b == '\r' || b == ';' || b == ' ' || b == '\t') {
                        state = State.SIZE_LINE_END; // an extension or whitespace: skipped to the line's end
                    } else {
                        throw new Malformed("a chunk size is not hexadecimal");
                    }
                }
                case SIZE_LINE_END -> {
                    if (in.get() == '\n') {
                        if (!sizeSeen) {
                            throw new Malformed("a chunk has no size");
                        }
                        state = size == 0 ? State.TRAILER_LINE : State.DATA;
                        lineEmpty = true;
                    }
                }
                case DATA -> {
                    int take = (int) Math.min(size, in.remaining());
                    ByteBuffer data = in.duplicate();
                    data.limit(in.position() + take);
                    in.position(in.position() + take);
                    size -= take;
                    if (size == 0) {
                        state = State.DATA_CR;
                    }
                    return data;
                }
                case DATA_CR -> {
                    // exactly CR LF after the data (RFC 9112 §7.1), as the request side checks (ChunkedFraming)
                    if (in.get() != '\r') {
                        throw new Malformed("a chunk is longer than its size (or its data is not followed by CR LF)");
                    }
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    if (in.get() != '\n') {
                        throw new Malformed("a chunk's data is not followed by CR LF");
                    }
                    state = State.SIZE;
                    sizeSeen = false;
                }
                case TRAILER_LINE -> {
                    byte b = in.get();
                    if (b == '\r') {
                        state = State.TRAILER_LINE_END;
                    } else if (b != '\n') {
                        lineEmpty = false;
                    }
                }
                case TRAILER_LINE_END -> {
                    if (in.get() == '\n') {
                        if (lineEmpty) {
                            state = State.DONE;
                        } else {
                            state = State.TRAILER_LINE;
                            lineEmpty = true;
                        }
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return null;
    }
}
