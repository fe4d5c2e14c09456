package dev.ingresslab.route;

import java.util.Locale;

/**
 * Turns a {@code Host} header into the name routing compares (ingress-semantics.md §2.1): the port is dropped,
 * the name lower-cased, one trailing dot removed ({@code example.com.} is the same DNS name). A header that is
 * not a host name or an IP literal is rejected with the reason, and the request becomes a 400.
 */
public final class HostNormalizer {

    private HostNormalizer() {
    }

    /** The host to route on; {@link #EMPTY} when the request has no Host; null when the header is invalid. */
    public static String normalize(String authority) {
        if (authority == null || authority.isEmpty()) {
            return EMPTY;
        }
        String host = stripPort(authority);
        if (host == null || host.isEmpty()) {
            return null;
        }
        if (host.charAt(0) == '[') {
            return isIpv6Literal(host) ? host.toLowerCase(Locale.ROOT) : null;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!isRegName(host)) {
            return null;
        }
        return hasUpperCase(host) ? host.toLowerCase(Locale.ROOT) : host;
    }

    /** The normalised name of a request without a Host header: only host-less rules and defaults can match it. */
    public static final String EMPTY = "";

    private static String stripPort(String authority) {
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !isPort(rest)) {
                return null;
            }
            return authority.substring(0, close + 1);
        }
        int colon = authority.indexOf(':');
        if (colon < 0) {
            return authority;
        }
        return isPort(authority.substring(colon)) ? authority.substring(0, colon) : null;
    }

    /** {@code :} followed by 1–5 digits. */
    private static boolean isPort(String text) {
        if (text.length() < 2 || text.length() > 6 || text.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String host) {
        for (int i = 1; i < host.length() - 1; i++) {
            char c = host.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return false;
            }
        }
        return host.length() > 2;
    }

    /** Letters, digits, hyphens and dots, in labels of 1–63 characters: what a DNS name or an IPv4 address is. */
    private static boolean isRegName(String host) {
        if (host.length() > 253) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_') {
                if (++labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    private static boolean hasUpperCase(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }
}
