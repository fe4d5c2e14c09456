package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.util.Map;
import java.util.Set;

/**
 * The ingress-nginx annotations that change routing (ingress-semantics.md §6), read from one Ingress. Values are
 * untrusted strings: they are parsed, never interpreted as configuration. Each is checked as ingress-nginx 1.12
 * checks it (annotation validation, on by default; {@code internal/ingress/annotations/parser/validators.go}):
 * booleans as Go's {@code strconv.ParseBool}, {@code rewrite-target} by {@code RegexPathWithCapture}, {@code app-root}
 * by {@code URLIsValidRegex} and as a path ({@code rewrite/main.go}); like ingress-nginx, a bad value is ignored
 * (with a diagnostic) and the Ingress is still served. Snippet annotations refuse the whole Ingress
 * ({@link NginxAdmission}).
 *
 * @param rewriteTarget    {@code rewrite-target}, or null
 * @param useRegex         {@code use-regex: "true"}
 * @param sslRedirect      false only when {@code ssl-redirect: "false"}
 * @param forceSslRedirect {@code force-ssl-redirect: "true"}
 * @param preserveTrailingSlash {@code preserve-trailing-slash: "true"} (the https redirect keeps a trailing /)
 * @param usePortInRedirects    {@code use-port-in-redirects: "true"} (the https redirect names the port even if 443)
 * @param appRoot          {@code app-root}, or null
 * @param canary           the canary settings when {@code canary: "true"}, or null
 */
record NginxAnnotations(String rewriteTarget, boolean useRegex, boolean sslRedirect, boolean forceSslRedirect,
                        boolean preserveTrailingSlash, boolean usePortInRedirects, String appRoot,
                        CanaryAnnotations canary) {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private static final Set<String> KNOWN = Set.of("rewrite-target", "use-regex", "ssl-redirect",
            "force-ssl-redirect", "preserve-trailing-slash", "use-port-in-redirects", "app-root", "canary", "canary-by-header", "canary-by-header-value",
            "canary-by-header-pattern", "canary-by-cookie", "canary-weight", "canary-weight-total");

    /** What Go's {@code strconv.ParseBool}, which ingress-nginx's boolean annotations use, reads as true, as false. */
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    /** ingress-nginx's {@code RegexPathWithCapture}: {@code ^/?[-._~a-zA-Z0-9/:$]*$}. */
    static boolean isPathWithCaptures(String value) {
        return value.chars().allMatch(c -> isBasic(c) || c == '$');
    }

    /** ingress-nginx's {@code URLIsValidRegex}: {@code ^[-._~a-zA-Z0-9/:?&=]*$}. */
    static boolean isUrlPath(String value) {
        return value.chars().allMatch(c -> isBasic(c) || c == '?' || c == '&' || c == '=');
    }

    /** ingress-nginx's {@code alphaNumericChars}: ASCII letters and digits, {@code - . _ ~ / :}. */
    private static boolean isBasic(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':';
    }

    /** When this Ingress's paths redirect plain HTTP to https (§6.3). */
    dev.ingresslab.route.HttpsRedirect httpsRedirect() {
        return new dev.ingresslab.route.HttpsRedirect(sslRedirect, forceSslRedirect, preserveTrailingSlash,
                usePortInRedirects);
    }

    /** Whether requests matching a path of this Ingress make the whole host a regex host (§6.2). */
    boolean forcesRegexMode() {
        return useRegex || rewriteTarget != null;
    }

    static NginxAnnotations of(Ingress ingress, Findings findings) {
        Map<String, String> annotations = Metadata.annotationsOf(ingress);
        Reader reader = new Reader(ingress, annotations, findings);
        annotations.keySet().stream().filter(k -> k.startsWith(PREFIX)).sorted().forEach(reader::checkKnown);
        String rewriteTarget = reader.string("rewrite-target");
        if (rewriteTarget != null && !isPathWithCaptures(rewriteTarget)) {
            reader.reject("rewrite-target", "ingress-nginx accepts only a path of letters, digits, - . _ ~ / : and $"
                    + " captures (RegexPathWithCapture), not \"" + dev.ingresslab.route.UntrustedText.printable(
                    rewriteTarget) + "\"");
            rewriteTarget = null;
        }
        String appRoot = reader.string("app-root");
        if (appRoot != null && (!appRoot.startsWith("/") || !isUrlPath(appRoot))) {
            reader.reject("app-root", "it must be a path starting with '/' of letters, digits and - . _ ~ / : ? & ="
                    + " (ingress-nginx's URLIsValidRegex), not \"" + dev.ingresslab.route.UntrustedText.printable(
                    appRoot) + "\"");
            appRoot = null;
        }
        CanaryAnnotations canary = null;
        if (reader.bool("canary", false)) {
            canary = CanaryAnnotations.read(reader);
        }
        return new NginxAnnotations(rewriteTarget, reader.bool("use-regex", false), reader.bool("ssl-redirect", true),
                reader.bool("force-ssl-redirect", false), reader.bool("preserve-trailing-slash", false),
                reader.bool("use-port-in-redirects", false), appRoot, canary);
    }

    /** Reads typed annotation values, reporting the ones it cannot use. */
    record Reader(Ingress ingress, Map<String, String> annotations, Findings findings) {

        void checkKnown(String key) {
            String name = key.substring(PREFIX.length());
            if (!KNOWN.contains(name)) {
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
            if (TRUE.contains(value) || FALSE.contains(value)) {
                return TRUE.contains(value);
            }
            reject(name, "the value must be a boolean as ingress-nginx reads it (\"true\" or \"false\"; also 1, t,"
                    + " T, TRUE, True, 0, f, F, FALSE, False), not \"" + value + "\"");
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
