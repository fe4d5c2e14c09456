package dev.ingresslab.convert;

/**
 * Names of the objects and listeners the conversion writes: DNS-1123 subdomains (lower-case letters, digits, {@code -}
 * and {@code .}, at most 253 characters), as Kubernetes object names and Gateway API {@code SectionName}s must be.
 */
final class GatewayNames {

    static final int MAX = 253;

    private GatewayNames() {
    }

    /** A host as a name part: {@code alpaca.example.com}, {@code wildcard.example.com}, {@code any-host}. */
    static String ofHost(String host) {
        if (host.isEmpty()) {
            return "any-host";
        }
        return host.startsWith("*.") ? "wildcard" + host.substring(1) : host;
    }

    /** {@code base-part}, cut to {@link #MAX} characters without ending on {@code -} or {@code .}. */
    static String join(String base, String part) {
        String name = base + "-" + part;
        if (name.length() > MAX) {
            name = name.substring(0, MAX);
        }
        while (name.endsWith("-") || name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
