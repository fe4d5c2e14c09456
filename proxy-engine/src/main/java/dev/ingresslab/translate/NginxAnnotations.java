package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.util.Map;
import java.util.Set;

/**
 * The ingress-nginx annotations that change routing (ingress-semantics.md §6), read from one Ingress. Values are
 * untrusted strings: they are parsed, never interpreted as configuration; a bad value gives a diagnostic and the
 * annotation is ignored. Snippet annotations are never applied (§6.6).
 *
 * @param rewriteTarget    {@code rewrite-target}, or null
 * @param useRegex         {@code use-regex: "true"}
 * @param sslRedirect      false only when {@code ssl-redirect: "false"}
 * @param forceSslRedirect {@code force-ssl-redirect: "true"}
 * @param appRoot          {@code app-root}, or null
 * @param canary           the canary settings when {@code canary: "true"}, or null
 */
record NginxAnnotations(String rewriteTarget, boolean useRegex, boolean sslRedirect, boolean forceSslRedirect,
                        String appRoot, CanaryAnnotations canary) {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private static final Set<String> KNOWN = Set.of("rewrite-target", "use-regex", "ssl-redirect",
            "force-ssl-redirect", "app-root", "canary", "canary-by-header", "canary-by-header-value",
            "canary-by-header-pattern", "canary-by-cookie", "canary-weight", "canary-weight-total");

    /** Whether requests matching a path of this Ingress make the whole host a regex host (§6.2). */
    boolean forcesRegexMode() {
        return useRegex || rewriteTarget != null;
    }

    static NginxAnnotations of(Ingress ingress, Findings findings) {
        Map<String, String> annotations = Metadata.annotationsOf(ingress);
        Reader reader = new Reader(ingress, annotations, findings);
        annotations.keySet().stream().filter(k -> k.startsWith(PREFIX)).sorted().forEach(reader::checkKnown);
        String rewriteTarget = reader.string("rewrite-target");
        if (rewriteTarget != null && rewriteTarget.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            reader.reject("rewrite-target", "it contains spaces or control characters");
            rewriteTarget = null;
        }
        String appRoot = reader.string("app-root");
        if (appRoot != null && (!appRoot.startsWith("/") || appRoot.chars().anyMatch(c -> c <= 0x20 || c == 0x7f))) {
            reader.reject("app-root", "it must be a path starting with '/', without spaces");
            appRoot = null;
        }
        CanaryAnnotations canary = null;
        if (reader.bool("canary", false)) {
            canary = CanaryAnnotations.read(reader);
        }
        return new NginxAnnotations(rewriteTarget, reader.bool("use-regex", false), reader.bool("ssl-redirect", true),
                reader.bool("force-ssl-redirect", false), appRoot, canary);
    }

    /** Reads typed annotation values, reporting the ones it cannot use. */
    record Reader(Ingress ingress, Map<String, String> annotations, Findings findings) {

        void checkKnown(String key) {
            String name = key.substring(PREFIX.length());
            if (name.endsWith("snippet") || name.endsWith("snippets")) {
                findings.warn(ingress, "metadata.annotations", "SnippetIgnored", "the annotation " + key
                        + " is ignored: Ingress Lab never interprets configuration snippets (they let an Ingress"
                        + " inject proxy configuration, CVE-2021-25742)");
            } else if (!KNOWN.contains(name)) {
                findings.info(ingress, "metadata.annotations", "AnnotationNotSupported", "the annotation " + key
                        + " has no effect in Ingress Lab (supported: " + String.join(", ", KNOWN.stream().sorted()
                        .toList()) + ")");
            }
        }

        String string(String name) {
            String value = annotations.get(PREFIX + name);
            return value == null || value.isEmpty() ? null : value;
        }

        boolean bool(String name, boolean fallback) {
            String value = string(name);
            if (value == null) {
                return fallback;
            }
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            reject(name, "the value must be \"true\" or \"false\", not \"" + value + "\"");
            return fallback;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = string(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            reject(name, "the value must be a whole number from " + min + " to " + max + ", not \"" + value + "\"");
            return fallback;
        }

        void warn(String name, String what) {
            findings.warn(ingress, "metadata.annotations", "AnnotationAdjusted", "the annotation " + PREFIX + name
                    + ": " + what);
        }

        void reject(String name, String why) {
            findings.warn(ingress, "metadata.annotations", "InvalidAnnotation", "the annotation " + PREFIX + name
                    + " is ignored: " + why);
        }
    }
}
