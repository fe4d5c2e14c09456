package dev.ingresslab.route;

/** Whether an Ingress rule host matches a normalised request host (ingress-semantics.md §2.2–§2.4). */
public final class HostPattern {

    private HostPattern() {
    }

    /**
     * {@code ""} matches every host; {@code *.foo.com} matches a host with exactly one more leading label
     * ({@code bar.foo.com}, not {@code foo.com} nor {@code a.bar.foo.com}); any other host matches itself.
     */
    public static boolean matches(String ruleHost, String requestHost) {
        if (ruleHost.isEmpty()) {
            return true;
        }
        if (ruleHost.startsWith("*.")) {
            int dot = requestHost.indexOf('.');
            return dot > 0 && requestHost.substring(dot + 1).equals(ruleHost.substring(2));
        }
        return ruleHost.equals(requestHost);
    }

    /** Which kind of rule host: precise, wildcard or any. */
    public static String kind(String ruleHost) {
        return ruleHost.isEmpty() ? "host-less rule" : ruleHost.startsWith("*.") ? "wildcard host" : "precise host";
    }
}
