package dev.ingresslab.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversion between a served version of a resource and the version it is stored in, for a CRD whose versions
 * share one schema (conversion strategy {@code None}: "only the apiVersion field is changed", Kubernetes docs,
 * "Versions in CustomResourceDefinitions"). The sandbox's one such resource is the Gateway API's ReferenceGrant,
 * served as {@code gateway.networking.k8s.io/v1beta1} and {@code v1}, stored as {@code v1}.
 *
 * @param served the group version the client asked for ({@code gateway.networking.k8s.io/v1beta1})
 * @param stored the group version the object is kept in ({@code gateway.networking.k8s.io/v1})
 */
record VersionConversion(String served, String stored) {

    /**
     * The conversion for a request path of the object store, or empty when the path's version is the stored one
     * (every path but the served-only versions').
     */
    static Optional<VersionConversion> forPath(String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        return ApiPath.parse(path).map(ApiPath::resource)
                .filter(resource -> !ApiResources.storageVersion(resource).equals(resource.groupVersion()))
                .map(resource -> new VersionConversion(resource.groupVersion(),
                        ApiResources.storageVersion(resource)));
    }

    /** The same path in the stored version: {@code /apis/gateway.networking.k8s.io/v1/…}. */
    String toStoredPath(String pathAndQuery) {
        return pathAndQuery.replaceFirst("^/apis/" + Pattern.quote(served) + "/",
                Matcher.quoteReplacement("/apis/" + stored + "/"));
    }

    /** A body in the served version, with each {@code "apiVersion"} of that version set to the stored one. */
    byte[] toStored(byte[] json) {
        return replaceApiVersion(json, served, stored);
    }

    /** An answer of the store, with each {@code "apiVersion"} of the stored version set to the served one. */
    byte[] toServed(byte[] json) {
        return replaceApiVersion(json, stored, served);
    }

    /**
     * Only the {@code apiVersion} members that name {@code from} exactly change: an object's, a list's, and each
     * item's; a value elsewhere that merely contains the text (an annotation, a field value) is left as it is.
     */
    private static byte[] replaceApiVersion(byte[] json, String from, String to) {
        if (json.length == 0) {
            return json;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        Matcher member = Pattern.compile("(\"apiVersion\"\\s*:\\s*\")" + Pattern.quote(from) + "\"").matcher(text);
        return member.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + to + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }
}
