package dev.ingresslab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.charset.StandardCharsets;

/**
 * One IO thread's memory of header text it has decoded: a response's names and most of its values (Server,
 * Content-Type, ETag, Connection, ...) repeat from one response to the next, so they are decoded once and the same
 * instances are handed out again instead of new ones per response. Direct-mapped and small: a text that misses
 * replaces what was in its slot, so unique values (cookies) cost what they did before and the memory stays bounded.
 * Confined to its thread; the texts are immutable, so sharing them across responses and records is safe.
 */
final class HeaderTexts {

    private static final int SLOTS = 256;
    private static final ThreadLocal<HeaderTexts> OF_THREAD = ThreadLocal.withInitial(HeaderTexts::new);

    private final String[] values = new String[SLOTS];
    private final HttpString[] names = new HttpString[SLOTS];
    private final String[] nameTexts = new String[SLOTS];
    private final String[] kept = new String[SLOTS];

    /** The calling thread's texts. */
    static HeaderTexts ofThisThread() {
        return OF_THREAD.get();
    }

    /**
     * An equal text seen before, or {@code text} itself, remembered: what a long-lived record (the request journal)
     * keeps, so that ten thousand records of the same host and path hold one copy of each, not ten thousand.
     */
    String shared(String text) {
        if (text == null) {
            return null;
        }
        int hash = text.hashCode();
        int slot = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SLOTS - 1);
        String cached = kept[slot];
        if (text.equals(cached)) {
            return cached;
        }
        kept[slot] = text;
        return text;
    }

    /** The ISO-8859-1 text of {@code bytes[from, to)}. */
    String value(byte[] bytes, int from, int to) {
        int slot = slot(bytes, from, to);
        String cached = values[slot];
        if (cached != null && sameText(cached, bytes, from, to)) {
            return cached;
        }
        String decoded = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        values[slot] = decoded;
        return decoded;
    }

    /** The header name in {@code bytes[from, to)}: Undertow's shared instance for the ones it knows. */
    HttpString name(byte[] bytes, int from, int to) {
        int slot = slot(bytes, from, to);
        String cachedText = nameTexts[slot];
        if (cachedText != null && sameText(cachedText, bytes, from, to)) {
            return names[slot];
        }
        String text = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        HttpString known = Headers.fromCache(text);
        HttpString name = known != null ? known : HttpString.tryFromString(text);
        names[slot] = name;
        nameTexts[slot] = text;
        return name;
    }

    private static int slot(byte[] bytes, int from, int to) {
        int hash = to - from;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        return (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SLOTS - 1);
    }

    private static boolean sameText(String text, byte[] bytes, int from, int to) {
        if (text.length() != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i - from) != (char) (bytes[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
