package dev.ingresslab.proxy;

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

    private static final Set<HttpString> FIELDS = Set.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            new HttpString("Proxy-Connection"), Headers.TE, Headers.TRAILER, Headers.TRANSFER_ENCODING,
            Headers.UPGRADE);

    private HopByHop() {
    }

    /** Whether {@code name} is hop-by-hop in a message whose Connection header names {@code connectionOptions}. */
    static boolean is(HttpString name, List<String> connectionOptions) {
        if (FIELDS.contains(name)) {
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
     * The options a Connection header (its lines joined with commas) names, in lower case, without {@code close}
     * and {@code keep-alive}, which name no field but Keep-Alive, hop-by-hop anyway: usually none, and then no
     * list is made.
     */
    static List<String> options(String connection) {
        if (connection == null || connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
            return List.of(); // what nearly every message says: no split, no list
        }
        List<String> options = null;
        for (String token : connection.split(",")) {
            String option = token.trim().toLowerCase(Locale.ROOT);
            if (!option.isEmpty() && !option.equals("close") && !option.equals("keep-alive")) {
                if (options == null) {
                    options = new ArrayList<>(2);
                }
                options.add(option);
            }
        }
        return options == null ? List.of() : List.copyOf(options);
    }

    /** Whether a Connection header (its lines joined with commas) names {@code option}, in any case. */
    static boolean names(String connection, String option) {
        if (connection == null) {
            return false;
        }
        int start = 0;
        while (start <= connection.length()) {
            int comma = connection.indexOf(',', start);
            int end = comma < 0 ? connection.length() : comma;
            int from = start;
            int to = end;
            while (from < to && connection.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && connection.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == option.length() && connection.regionMatches(true, from, option, 0, option.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
