package dev.ingresslab.tls;

import java.util.Locale;

/**
 * Matching of a host name against a certificate's DNS name or an Ingress's TLS host, as TLS clients check a server's
 * identity (RFC 6125 §6.4.3, as Go's {@code crypto/x509.VerifyHostname} and browsers apply it): names compare
 * without regard to ASCII case and one trailing dot; a {@code *} is allowed only as the whole left-most label and
 * stands for exactly one label ({@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}); partial-label wildcards ({@code f*.example.com}), which RFC 6125 leaves optional and the
 * CA/Browser Forum forbids, match nothing.
 */
public final class HostNames {

    private HostNames() {
    }

    /**
     * Whether {@code pattern} (a certificate DNS name or an Ingress host, possibly {@code *.example.com}) names
     * {@code host}. A wildcard {@code host} ({@code *.example.com}, as an Ingress TLS host may be) is matched only
     * by the same wildcard: a certificate for {@code a.example.com} does not cover every name under it.
     */
    public static boolean matches(String pattern, String host) {
        String p = canonical(pattern);
        String h = canonical(host);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (p.equals(h)) {
            return isWildcard(p) || p.indexOf('*') < 0;
        }
        if (!isWildcard(p) || h.indexOf('*') >= 0) {
            return false;
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(p.substring(1));
    }

    /**
     * Whether a name is a wildcard of the one form this matcher accepts: {@code *.} then at least two labels
     * ({@code *.com} is refused, as browsers refuse a wildcard on a public suffix's first level).
     */
    public static boolean isWildcard(String name) {
        String n = canonical(name);
        if (!n.startsWith("*.") || n.indexOf('*', 1) >= 0) {
            return false;
        }
        String rest = n.substring(2);
        return rest.indexOf('.') > 0 && !rest.endsWith(".");
    }

    /** Lower case, one trailing dot removed: how names compare (RFC 6125 §6.4.1). */
    public static String canonical(String name) {
        if (name == null) {
            return "";
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
