package dev.ingresslab.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The header fields that describe one connection and are never forwarded (RFC 9110 §7.6.1): the fixed ones, and
 * those the message's own Connection header names.
 */
final class HopByHop {

    /** Hop-by-hop whatever a Connection header says (RFC 9110 §7.6.1; Proxy-Connection and Trailer as RFC 2616). */
    static final List<HttpString> FIELDS = List.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            new HttpString("Proxy-Connection"), Headers.TE, Headers.TRAILER, Headers.TRANSFER_ENCODING,
            Headers.UPGRADE);
    private static final Set<HttpString> FIELD_SET = Set.copyOf(FIELDS);

    private HopByHop() {
    }

    /** Whether {@code name} is hop-by-hop in a message whose Connection header names {@code connectionOptions}. */
    static boolean is(HttpString name, List<String> connectionOptions) {
        if (FIELD_SET.contains(name)) {
            return true;
        }
        for (int i = 0; i < connectionOptions.size(); i++) {
            if (name.equalToString(connectionOptions.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a Connection header (its lines joined with commas) says, read once per message: whether it asks to close
     * the connection or keep it, and the other options, in lower case, which name the message's hop-by-hop fields.
     */
    record Connection(boolean close, boolean keepAlive, List<String> options) {

        private static final Connection NONE = new Connection(false, false, List.of());
        private static final Connection KEEP_ALIVE = new Connection(false, true, List.of());
        private static final Connection CLOSE = new Connection(true, false, List.of());

        static Connection of(String header) {
            if (header == null) {
                return NONE;
            }
            if (header.equalsIgnoreCase("keep-alive")) {
                return KEEP_ALIVE; // what nearly every message says: no split, no list
            }
            if (header.equalsIgnoreCase("close")) {
                return CLOSE;
            }
            boolean close = false;
            boolean keepAlive = false;
            List<String> options = new ArrayList<>(2);
            for (String token : header.split(",")) {
                String option = token.trim().toLowerCase(Locale.ROOT);
                if (option.equals("close")) {
                    close = true;
                } else if (option.equals("keep-alive")) {
                    keepAlive = true; // names Keep-Alive, hop-by-hop anyway
                } else if (!option.isEmpty()) {
                    options.add(option);
                }
            }
            return new Connection(close, keepAlive, List.copyOf(options));
        }
    }
}
