package dev.ingresslab.route;

import java.util.Arrays;
import java.util.Map;

/**
 * An immutable string-keyed map that is looked up by a region of a longer string, so the matcher can try
 * every prefix of a request path (or the parent domain of a host) without allocating a substring.
 * Open addressing with linear probing; the hash is {@link String#hashCode()} computed over the region.
 */
final class RegionKeyMap<V> {

    private final String[] keys;
    private final Object[] values;
    private final int mask;
    private final int size;

    RegionKeyMap(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = entries.size();
        entries.forEach((key, value) -> {
            int slot = spread(key.hashCode()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
        });
    }

    int size() {
        return size;
    }

    /** The value for the key equal to {@code text[start, end)}, or null. */
    @SuppressWarnings("unchecked")
    V get(String text, int start, int end) {
        if (size == 0) {
            return null;
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int length = end - start;
        int slot = spread(hash) & mask;
        String key;
        while ((key = keys[slot]) != null) {
            if (key.length() == length && key.regionMatches(0, text, start, length)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    V get(String key) {
        return get(key, 0, key.length());
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    @Override
    public String toString() {
        return "RegionKeyMap" + Arrays.toString(keys);
    }
}
