package dev.ingresslab.proxy;

/**
 * Comparisons and searches on ASCII text in byte arrays, as the front's parser needs them: no decoding, no
 * allocation, case folded for letters only.
 */
final class AsciiBytes {

    private AsciiBytes() {
    }

    static boolean percentEncoded(byte[] in, int at, int limit) {
        return at + 2 < limit && hex(in[at + 1]) && hex(in[at + 2]);
    }

    static boolean hex(byte c) {
        return c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

    static int indexOf(byte[] in, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (in[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] in, int from, int to, byte[] wanted) {
        for (int i = from; i + wanted.length <= to; i++) {
            if (lowerCaseEquals(in, i, wanted)) {
                return i;
            }
        }
        return -1;
    }

    static boolean regionEquals(byte[] in, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (in[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean regionEquals(byte[] in, int at, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            if (in[at + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes at {@code at}, in ASCII lower case, are {@code lowerCase}. */
    static boolean lowerCaseEquals(byte[] in, int at, byte[] lowerCase) {
        for (int i = 0; i < lowerCase.length; i++) {
            byte c = in[at + i];
            if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(byte[] in, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = in[from + i];
            int d = name.charAt(i);
            if (c != d) {
                int lower = c | 0x20;
                if (lower != (d | 0x20) || lower < 'a' || lower > 'z') {
                    return false; // differ by more than the case of a letter
                }
            }
        }
        return true;
    }
}
