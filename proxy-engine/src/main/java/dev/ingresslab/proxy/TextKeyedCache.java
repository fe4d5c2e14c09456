package dev.ingresslab.proxy;

import java.util.function.Function;

/**
 * A small cache of values made from texts, for one thread: a text's value sits in the text's slot or the other of
 * its pair, so two common texts that hash alike do not evict each other on every use; a text that misses takes its
 * slot and moves the one there aside, so the memory stays bounded and unique texts cost a {@code make} each.
 * Texts the route table hands out are the same instance each time, so a hit is mostly a reference comparison.
 *
 * @param <V> the values
 */
final class TextKeyedCache<V> {

    private final String[] texts;
    private final Object[] values;
    private final Function<String, V> make;

    /** {@code slots}: a power of two; {@code make}: the value of a text that is not in the cache. */
    TextKeyedCache(int slots, Function<String, V> make) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.texts = new String[slots];
        this.values = new Object[slots];
        this.make = make;
    }

    @SuppressWarnings("unchecked") // only get() fills values, with Vs
    V get(String text) {
        int hash = text.hashCode();
        int slot = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (texts.length - 1);
        for (int way = slot & ~1; way <= (slot | 1); way++) {
            if (text.equals(texts[way])) {
                return (V) values[way];
            }
        }
        V value = make.apply(text);
        if (texts[slot] != null) { // the text there moves aside, over the other way's
            texts[slot ^ 1] = texts[slot];
            values[slot ^ 1] = values[slot];
        }
        texts[slot] = text;
        values[slot] = value;
        return value;
    }
}
