package dev.ingresslab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

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

    /** Whether {@code name} is hop-by-hop in a message whose Connection header is {@code connection} (or null). */
    static boolean is(HttpString name, String connection) {
        if (FIELDS.contains(name)) {
            return true;
        }
        if (connection != null) {
            for (String token : connection.split(",")) {
                if (name.equalToString(token.trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
