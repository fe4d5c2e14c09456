package dev.ingresslab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One IO thread's memory of header text it has decoded: a response's names and most of its values (Server,
 * Content-Type, ETag, Connection, ...) repeat from one response to the next, so they are decoded once and the same
 * instances are handed out again instead of new ones per response. Small and two-way: a text may sit in its slot
 * or the other of its pair, so two common texts that hash alike do not evict each other on every response (as
 * Server and Connection did in a first, direct-mapped version); a text that misses takes its slot and moves the one
 * there aside, so unique values (cookies) cost what they did before and the memory stays bounded.
 * Confined to its thread; the texts are immutable, so sharing them across responses and records is safe.
 */
final class HeaderTexts {

    private static final int SLOTS = 256;
    private static final ThreadLocal<HeaderTexts> OF_THREAD = ThreadLocal.withInitial(HeaderTexts::new);

    private final Ways<String> values = new Ways<>();
    private final Ways<HttpString> names = new Ways<>();
    private final TextKeyedCache<String> kept = new TextKeyedCache<>(SLOTS, text -> text);

    /** The calling thread's texts. */
    static HeaderTexts ofThisThread() {
        return OF_THREAD.get();
    }

    /**
     * An equal text seen before, or {@code text} itself, remembered: what a long-lived record (the request journal)
     * keeps, so that ten thousand records of the same host and path hold one copy of each, not ten thousand.
     */
    String shared(String text) {
        return text == null ? null : kept.get(text);
    }

    /** The ISO-8859-1 text of {@code bytes[from, to)}. */
    String value(byte[] bytes, int from, int to) {
        int slot = slot(bytes, from, to);
        String cached = values.find(slot, bytes, from, to);
        return cached != null ? cached : values.put(slot, bytes, from, to, decode(bytes, from, to));
    }

    /** The header name in {@code bytes[from, to)}: Undertow's shared instance for the ones it knows. */
    HttpString name(byte[] bytes, int from, int to) {
        int slot = slot(bytes, from, to);
        HttpString cached = names.find(slot, bytes, from, to);
        if (cached != null) {
            return cached;
        }
        String text = decode(bytes, from, to);
        HttpString known = Headers.fromCache(text);
        return names.put(slot, bytes, from, to, known != null ? known : HttpString.tryFromString(text));
    }

    private static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * What byte strings decode to, two ways per slot: an entry sits in its slot or the other of its pair, and a new
     * one takes its slot and moves the one there to the other.
     */
    private static final class Ways<T> {
        private final byte[][] keys = new byte[SLOTS][];
        private final Object[] entries = new Object[SLOTS];

        @SuppressWarnings("unchecked") // only put() fills entries, with Ts
        T find(int slot, byte[] bytes, int from, int to) {
            for (int way = slot & ~1; way <= (slot | 1); way++) {
                byte[] key = keys[way];
                if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return (T) entries[way];
                }
            }
            return null;
        }

        T put(int slot, byte[] bytes, int from, int to, T entry) {
            if (keys[slot] != null) { // the entry there moves aside, over the other way's
                keys[slot ^ 1] = keys[slot];
                entries[slot ^ 1] = entries[slot];
            }
            keys[slot] = Arrays.copyOfRange(bytes, from, to);
            entries[slot] = entry;
            return entry;
        }
    }

    /**
     * The slot of a text, from its length and a few of its bytes: a hit is confirmed byte for byte, so the hash only
     * has to spread the texts of one response, and reading every byte would cost as much as the comparison.
     */
    static int slot(byte[] bytes, int from, int to) {
        int length = to - from;
        int hash = length;
        if (length > 0) {
            hash = 31 * hash + bytes[from];
            hash = 31 * hash + bytes[to - 1];
            hash = 31 * hash + bytes[from + length / 2];
            hash = 31 * hash + bytes[from + length / 4];
            hash = 31 * hash + bytes[from + 3 * length / 4];
            hash = 31 * hash + bytes[to - 1 - length / 8];
        }
        return (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
