package dev.ingresslab.proxy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** X-Request-Id values: the client's own when it is sane (so a trace can span the proxy), else a new random one. */
final class RequestIds {

    private static final int MAX_KEPT_LENGTH = 200;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

    private RequestIds() {
    }

    /** {@code given} when it is printable ASCII without spaces and at most 200 characters, else a new id. */
    static String keptOrNew(String given) {
        if (given != null && !given.isEmpty() && given.length() <= MAX_KEPT_LENGTH && isPrintableAscii(given)) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] hex = SCRATCH.get(); // the String copies it
        putHex(hex, 0, random.nextLong());
        putHex(hex, 16, random.nextLong());
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void putHex(byte[] into, int at, long value) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX_DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
