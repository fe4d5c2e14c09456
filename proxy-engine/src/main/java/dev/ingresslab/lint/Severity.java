package dev.ingresslab.lint;

/** How bad a finding is: an error is refused by the API server, a warning by the controller or by traffic. */
public enum Severity {
    /** The API server (or kubectl) refuses the object: nothing is stored. */
    ERROR,
    /** Stored, but not served as written (ingress-nginx refuses it, a path is lost to another, a host never gets TLS). */
    WARNING,
    /** Worth knowing; changes nothing. */
    INFO;

    /** {@code error}, {@code warning}, {@code info}: the word printed before a message. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
