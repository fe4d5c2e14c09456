package dev.ingresslab.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The header names a parser reads or drops, each with the kind the parser gives it, recognised in place in a head's
 * bytes in any case: no decoding, no allocation. Names are grouped by length, so an unknown name costs a length
 * look-up and a few comparisons at most.
 */
final class KnownNames {

    private final byte[][][] namesByLength;
    private final int[][] kindsByLength;

    /** {@code kinds}: lower-case names and their kinds. */
    KnownNames(Map<String, Integer> kinds) {
        int longest = kinds.keySet().stream().mapToInt(String::length).max().orElse(0);
        namesByLength = new byte[longest + 1][0][];
        kindsByLength = new int[longest + 1][0];
        kinds.forEach((name, kind) -> {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("known names are written in lower case: " + name);
            }
            int length = name.length();
            int count = namesByLength[length].length;
            namesByLength[length] = Arrays.copyOf(namesByLength[length], count + 1);
            kindsByLength[length] = Arrays.copyOf(kindsByLength[length], count + 1);
            namesByLength[length][count] = name.getBytes(StandardCharsets.ISO_8859_1);
            kindsByLength[length][count] = kind;
        });
    }

    /** The kind of the name in {@code in[from, to)}, or {@code unknown}. */
    int kind(byte[] in, int from, int to, int unknown) {
        int length = to - from;
        if (length >= namesByLength.length) {
            return unknown;
        }
        byte[][] names = namesByLength[length];
        for (int i = 0; i < names.length; i++) {
            if (AsciiBytes.lowerCaseEquals(in, from, names[i])) {
                return kindsByLength[length][i];
            }
        }
        return unknown;
    }
}
